package record

import (
	"errors"
	"strconv"
	"time"

	"github.com/rs/zerolog"
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
//
// The record is built by a zerolog.Logger (field framing, numbers, the
// pooled event buffer) and handed to chainWriter, which appends the chain
// link to exactly the bytes zerolog produced. Strings and arguments are
// rendered here (AppendString, AppendArgs) and passed to zerolog as raw
// JSON: spython's escaping is stricter than zerolog's (U+2028/U+2029 and
// DEL escaped) and §5.1's rendering rules have no zerolog equivalent.
type Encoder struct {
	run Run
	zl  zerolog.Logger
	out chainWriter
	seq uint64
	// raw is the scratch buffer for one field rendered here; zerolog
	// copies it into the event at once, so one buffer serves every field.
	raw []byte
	// scriptPath is run.ScriptPath rendered once (JSON string or null).
	scriptPath []byte
	// locFile is the last location's file and locOpen its rendering as an
	// open JSON string: almost every record of a run names the same script.
	locFile string
	locOpen []byte
	// tsPrefix is `"2006-01-02T15:04:05.` for the Unix second tsSec:
	// records come many to a second, and the calendar arithmetic was a
	// tenth of encoding time.
	tsSec    int64
	tsPrefix []byte
}

// chainWriter receives each record from zerolog as `{…}\n`, replaces the
// closing "}\n" by ",", and seals it with the chain (event.hash last, over
// exactly the bytes before it). The sealed line stays in buf for Encode to
// return; nothing is written anywhere else.
type chainWriter struct {
	chain *Chain
	buf   []byte
	done  bool
}

func (w *chainWriter) Write(p []byte) (int, error) {
	if len(p) < 3 || p[len(p)-2] != '}' || p[len(p)-1] != '\n' {
		return 0, errNotRecord
	}
	b := append(w.buf[:0], p[:len(p)-2]...)
	b = append(b, ',')
	w.buf = w.chain.Seal(b, 0)
	w.done = true
	return len(p), nil
}

func (w *chainWriter) WriteLevel(_ zerolog.Level, p []byte) (int, error) { return w.Write(p) }

var errNotRecord = errors.New("record: zerolog produced no JSON object")

// NewEncoder returns an encoder for one run whose records chain from chain.
func NewEncoder(run Run, chain *Chain) *Encoder {
	e := &Encoder{run: run, raw: make([]byte, 0, 4096)}
	e.out = chainWriter{chain: chain, buf: make([]byte, 0, 4096)}
	e.zl = zerolog.New(&e.out)
	if run.ScriptPath == "" {
		e.scriptPath = []byte("null")
	} else {
		e.scriptPath = AppendString(nil, run.ScriptPath)
	}
	return e
}

// str renders s as a JSON string into the scratch buffer.
func (e *Encoder) str(s string) []byte {
	e.raw = AppendString(e.raw[:0], s)
	return e.raw
}

// Sequence returns the sequence number the next record will carry.
func (e *Encoder) Sequence() uint64 { return e.seq }

// Encode renders r as one complete line ending in '\n', numbers it, and
// advances the chain. The returned slice is reused by the next call. It
// returns nil if zerolog dropped the record (a global level of Disabled
// set by some other code): the caller must treat that as a failed write.
func (e *Encoder) Encode(r *Record) []byte {
	ev := e.zl.Log()
	if ev == nil {
		return nil
	}
	e.raw = e.appendTimestamp(e.raw[:0], r.Time)
	ev.RawJSON(FieldTimestamp, e.raw)
	ev.Uint64(FieldSequence, e.seq)
	ev.RawJSON(FieldAction, e.str(r.Action))
	ev.Str(FieldType, r.Type)
	if r.Reason != "" {
		ev.RawJSON(FieldReason, e.str(r.Reason))
	}
	e.raw = AppendArgs(e.raw[:0], r.Action, r.Args)
	ev.RawJSON(FieldArgs, e.raw)
	if r.File != "" {
		if r.File != e.locFile || e.locOpen == nil {
			e.locOpen = AppendString(e.locOpen[:0], r.File)
			e.locOpen = e.locOpen[:len(e.locOpen)-1] // reopen the string to add :line:col
			e.locFile = r.File
		}
		e.raw = appendLocation(e.raw[:0], e.locOpen, r.Line, r.Col)
		ev.RawJSON(FieldLocation, e.raw)
	}
	ev.RawJSON(FieldRunID, e.str(e.run.ID))
	ev.RawJSON(FieldScriptPath, e.scriptPath)
	ev.Int(FieldPID, e.run.PID)
	ev.Int(FieldUID, e.run.UID)
	if e.seq == 0 {
		if e.run.Policy != "" {
			ev.RawJSON(FieldPolicy, e.str(e.run.Policy))
		}
		ev.Str(FieldChainAlg, e.out.chain.Alg())
		e.raw = append(append(append(e.raw[:0], '"'), e.out.chain.Head()...), '"')
		ev.RawJSON(FieldChainPrev, e.raw)
	}
	e.out.done = false
	ev.Send()
	if !e.out.done {
		return nil
	}
	e.seq++
	return e.out.buf
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
		e.tsPrefix = appendTimestamp(append(e.tsPrefix[:0], '"'), t)[:len(`"2006-01-02T15:04:05.`)]
		e.tsSec = sec
	}
	b = append(b, e.tsPrefix...)
	b = appendDigits(b, t.Nanosecond()/1000, 6)
	return append(b, 'Z', '"')
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
