package sink

import "time"

// Meta describes a record so that a handler can route it without parsing.
type Meta struct {
	Seq    uint64
	Time   time.Time // the record's @timestamp (zero: now)
	Action string
	Type   string // spython.decision: allowed, denied, would_deny
	Reason string // event.reason, "" when allowed
	// The run's fields, for journal fields (SPYTHON_RUN_ID=…).
	RunID, ScriptPath, Policy string
	// Important marks the records every native sink receives: run start and
	// end, denials and would-be denials, chain anchors.
	Important bool
	// Anchor is set on records whose chain head the native sinks must keep.
	Anchor bool
	Hash   string // the record's event.hash, set when Anchor is
}

// Handler receives complete records, one line each.
type Handler interface {
	// Enabled reports whether the handler wants a record.
	Enabled(m Meta) bool
	// Handle delivers one record (ending in '\n') to the kernel.
	Handle(m Meta, line []byte) error
	Close() error
}
