package hooks

import "errors"

// Fataler is implemented by errors that end the run: no script code may
// catch them, and addaudithook propagates them instead of swallowing them.
type Fataler interface {
	error
	Fatal() bool
}

// IsFatal reports whether err, or any error it wraps, is fatal.
func IsFatal(err error) bool {
	var f Fataler
	return errors.As(err, &f) && f.Fatal()
}

// DeniedError is returned by a hook that denies an event.
type DeniedError struct {
	Event  string
	Reason string
}

func (e *DeniedError) Error() string {
	return "audit event '" + e.Event + "' denied: " + e.Reason
}

// Kind is the Python exception class a script sees for a denial.
func (e *DeniedError) Kind() string { return "PermissionError" }
