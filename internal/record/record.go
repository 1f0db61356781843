package record

import (
	"strconv"
	"time"

	"go.starlark.net/starlark"
)

// Record is one audit event as it is logged.
type Record struct {
	Time   time.Time
	Action string // event.action: the audit event name
	Type   string // event.type: allowed, denied, would_deny
	Reason string // event.reason: set when Type is not allowed
	Args   starlark.Tuple
	// File, Line and Col locate the script statement that caused the event
	// (spython.location, "file:line:col"); File is empty when no script
	// frame exists.
	File      string
	Line, Col int32
}

// Run holds the fields shared by every record of one run.
type Run struct {
	ID         string // spython.run.id
	ScriptPath string // spython.script.path (absolute; "" for a refused invocation)
	PID        int    // process.pid
	UID        int    // user.id (real uid)
	Policy     string // spython.policy, on the first record
}

// Field names, in the order they are written.
const (
	FieldTimestamp  = "@timestamp"
	FieldSequence   = "event.sequence"
	FieldAction     = "event.action"
	FieldType       = "event.type"
	FieldReason     = "event.reason"
	FieldArgs       = "spython.args"
	FieldLocation   = "spython.location"
	FieldRunID      = "spython.run.id"
	FieldScriptPath = "spython.script.path"
	FieldPID        = "process.pid"
	FieldUID        = "user.id"
	FieldPolicy     = "spython.policy"
	FieldChainAlg   = "spython.chain.alg"
	FieldChainPrev  = "spython.chain.prev"
	FieldHash       = "event.hash"
)

// TimeLayout is RFC 3339 in UTC with microseconds.
const TimeLayout = "2006-01-02T15:04:05.000000Z07:00"

// Encoder turns Records into chained JSON lines. It is not safe for
// concurrent use; the caller serialises (see audit.Logger).
type Encoder struct {
	run   Run
	chain *Chain
	seq   uint64
	buf   []byte
	// runPrefix is the constant run fields, pre-rendered once.
	runPrefix []byte
	// locFile is the last location's file and locOpen its rendering as an
	// open JSON string: almost every record of a run names the same script.
	locFile string
	locOpen []byte
	// tsPrefix is "2006-01-02T15:04:05." for the Unix second tsSec:
	// records come many to a second, and the calendar arithmetic was a
	// tenth of encoding time.
	tsSec    int64
	tsPrefix []byte
}

// NewEncoder returns an encoder for one run whose records chain from chain.
func NewEncoder(run Run, chain *Chain) *Encoder {
	e := &Encoder{run: run, chain: chain, buf: make([]byte, 0, 4096)}
	p := append([]byte(nil), `"`+FieldRunID+`":`...)
	p = AppendString(p, run.ID)
	p = append(p, `,"`+FieldScriptPath+`":`...)
	if run.ScriptPath == "" {
		p = append(p, "null"...)
	} else {
		p = AppendString(p, run.ScriptPath)
	}
	p = append(p, `,"`+FieldPID+`":`...)
	p = strconv.AppendInt(p, int64(run.PID), 10)
	p = append(p, `,"`+FieldUID+`":`...)
	p = strconv.AppendInt(p, int64(run.UID), 10)
	e.runPrefix = p
	return e
}

// Sequence returns the sequence number the next record will carry.
func (e *Encoder) Sequence() uint64 { return e.seq }

// Encode renders r as one complete line ending in '\n', numbers it, and
// advances the chain. The returned slice is reused by the next call.
func (e *Encoder) Encode(r *Record) []byte {
	b := e.buf[:0]
	b = append(b, `{"`+FieldTimestamp+`":"`...)
	b = e.appendTimestamp(b, r.Time)
	b = append(b, `","`+FieldSequence+`":`...)
	b = strconv.AppendUint(b, e.seq, 10)
	b = append(b, `,"`+FieldAction+`":`...)
	b = AppendString(b, r.Action)
	b = append(b, `,"`+FieldType+`":"`...)
	b = append(b, r.Type...)
	b = append(b, '"')
	if r.Reason != "" {
		b = append(b, `,"`+FieldReason+`":`...)
		b = AppendString(b, r.Reason)
	}
	b = append(b, `,"`+FieldArgs+`":`...)
	b = AppendArgs(b, r.Action, r.Args)
	if r.File != "" {
		b = append(b, `,"`+FieldLocation+`":`...)
		if r.File != e.locFile || e.locOpen == nil {
			e.locOpen = AppendString(e.locOpen[:0], r.File)
			e.locOpen = e.locOpen[:len(e.locOpen)-1] // reopen the string to add :line:col
			e.locFile = r.File
		}
		b = appendLocation(b, e.locOpen, r.Line, r.Col)
	}
	b = append(b, ',')
	b = append(b, e.runPrefix...)
	if e.seq == 0 {
		if e.run.Policy != "" {
			b = append(b, `,"`+FieldPolicy+`":`...)
			b = AppendString(b, e.run.Policy)
		}
		b = append(b, `,"`+FieldChainAlg+`":"`...)
		b = append(b, e.chain.Alg()...)
		b = append(b, `","`+FieldChainPrev+`":"`...)
		b = append(b, e.chain.Head()...)
		b = append(b, '"')
	}
	b = append(b, ',')
	b = e.chain.Seal(b, 0)
	e.buf = b
	e.seq++
	return b
}

// appendLocation appends "file:line:col" given file rendered as an open
// JSON string (without its closing quote).
func appendLocation(b, openFile []byte, line, col int32) []byte {
	b = append(b, openFile...)
	b = append(b, ':')
	b = strconv.AppendInt(b, int64(line), 10)
	b = append(b, ':')
	b = strconv.AppendInt(b, int64(col), 10)
	return append(b, '"')
}

// appendTimestamp appends t in TimeLayout, reusing the rendering of t's
// second when the previous record had the same one.
func (e *Encoder) appendTimestamp(b []byte, t time.Time) []byte {
	if sec := t.Unix(); sec != e.tsSec || e.tsPrefix == nil {
		e.tsPrefix = appendTimestamp(e.tsPrefix[:0], t)[:len("2006-01-02T15:04:05.")]
		e.tsSec = sec
	}
	b = append(b, e.tsPrefix...)
	b = appendDigits(b, t.Nanosecond()/1000, 6)
	return append(b, 'Z')
}

// appendTimestamp appends t in TimeLayout. It is hand-written because
// Time.AppendFormat's layout interpretation was a sixth of encoding time.
func appendTimestamp(b []byte, t time.Time) []byte {
	t = t.UTC()
	year, month, day := t.Date()
	hour, minute, sec := t.Clock()
	b = appendDigits(b, year, 4)
	b = append(b, '-')
	b = appendDigits(b, int(month), 2)
	b = append(b, '-')
	b = appendDigits(b, day, 2)
	b = append(b, 'T')
	b = appendDigits(b, hour, 2)
	b = append(b, ':')
	b = appendDigits(b, minute, 2)
	b = append(b, ':')
	b = appendDigits(b, sec, 2)
	b = append(b, '.')
	b = appendDigits(b, t.Nanosecond()/1000, 6)
	return append(b, 'Z')
}

// appendDigits appends n zero-padded to width digits (n >= 0).
func appendDigits(b []byte, n, width int) []byte {
	var buf [8]byte
	for i := width - 1; i >= 0; i-- {
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	return append(b, buf[:width]...)
}
