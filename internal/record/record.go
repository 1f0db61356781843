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
	Type   string // spython.decision: allowed, denied, would_deny (event.type/outcome derive from it)
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
	UID        int    // user.id and process.real_user.id (real uid, as a string)
	Policy     string // spython.policy, on the first record
}

// Field names, in the order they are written (docs/record.schema.json).
const (
	FieldTimestamp   = "@timestamp"
	FieldECSVersion  = "ecs.version"
	FieldKind        = "event.kind"
	FieldCategory    = "event.category"
	FieldType        = "event.type" // ECS: an array of ECS values
	FieldOutcome     = "event.outcome"
	FieldSequence    = "event.sequence"
	FieldAction      = "event.action"
	FieldDecision    = "spython.decision" // allowed, denied, would_deny
	FieldReason      = "event.reason"
	FieldArgs        = "spython.args"
	FieldArgsText    = "spython.args_text"
	FieldLocation    = "spython.location"
	FieldOriginFile  = "log.origin.file.name"
	FieldOriginLine  = "log.origin.file.line"
	FieldRunID       = "spython.run.id"
	FieldScriptPath  = "spython.script.path"
	FieldPID         = "process.pid"
	FieldUID         = "user.id"
	FieldRealUID     = "process.real_user.id"
	FieldPolicy      = "spython.policy"
	FieldChainAlg    = "spython.chain.alg"
	FieldChainPrev   = "spython.chain.prev"
	FieldHash        = "event.hash"
	ECSVersion       = "8.17.0"
	DecisionAllowed  = "allowed"
	DecisionDenied   = "denied"
	DecisionWouldDny = "would_deny"
)

// ecsType and ecsOutcome map a decision onto ECS values. Every record is
// an API call (event.category ["api"], whose expected types include
// allowed and denied). A would-be denial is an operation that went ahead:
// allowed, success; spython.decision keeps the difference. The outcome is
// that of the policy check the record reports (the record is written before
// the operation, whose own result is not known yet).
func ecsType(decision string) (typ []byte, outcome string) {
	switch decision {
	case DecisionDenied:
		return typeDenied, "failure"
	case DecisionAllowed, DecisionWouldDny:
		return typeAllowed, "success"
	}
	return typeInfo, "unknown"
}

var (
	categoryAPI = []byte(`["api"]`)
	typeAllowed = []byte(`["allowed"]`)
	typeDenied  = []byte(`["denied"]`)
	typeInfo    = []byte(`["info"]`)
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
	// text is the scratch buffer for spython.args_text before escaping.
	text []byte
	// scriptPath is run.ScriptPath rendered once (JSON string or null),
	// uid the real uid as a JSON string.
	scriptPath, uid []byte
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
	e := &Encoder{run: run, raw: make([]byte, 0, 4096), text: make([]byte, 0, 1024)}
	e.uid = strconv.AppendInt([]byte{'"'}, int64(run.UID), 10)
	e.uid = append(e.uid, '"')
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
	ev.Str(FieldECSVersion, ECSVersion)
	ev.Str(FieldKind, "event")
	ev.RawJSON(FieldCategory, categoryAPI)
	typ, outcome := ecsType(r.Type)
	ev.RawJSON(FieldType, typ)
	ev.Str(FieldOutcome, outcome)
	ev.Uint64(FieldSequence, e.seq)
	ev.RawJSON(FieldAction, e.str(r.Action))
	ev.RawJSON(FieldDecision, e.str(r.Type))
	if r.Reason != "" {
		ev.RawJSON(FieldReason, e.str(r.Reason))
	}
	e.raw = AppendArgs(e.raw[:0], r.Action, r.Args)
	ev.RawJSON(FieldArgs, e.raw)
	e.text = AppendArgsText(e.text[:0], r.Args)
	e.raw = appendStringBytes(e.raw[:0], e.text)
	ev.RawJSON(FieldArgsText, e.raw)
	if r.File != "" {
		if r.File != e.locFile || e.locOpen == nil {
			e.locOpen = AppendString(e.locOpen[:0], r.File)
			e.locOpen = e.locOpen[:len(e.locOpen)-1] // reopen the string to add :line:col
			e.locFile = r.File
		}
		e.raw = appendLocation(e.raw[:0], e.locOpen, r.Line, r.Col)
		ev.RawJSON(FieldLocation, e.raw)
		e.raw = append(append(e.raw[:0], e.locOpen...), '"')
		ev.RawJSON(FieldOriginFile, e.raw)
		ev.Int32(FieldOriginLine, r.Line)
	}
	ev.RawJSON(FieldRunID, e.str(e.run.ID))
	ev.RawJSON(FieldScriptPath, e.scriptPath)
	ev.Int(FieldPID, e.run.PID)
	ev.RawJSON(FieldUID, e.uid)
	ev.RawJSON(FieldRealUID, e.uid)
	if e.seq == 0 {
		if e.run.Policy != "" {
			ev.RawJSON(FieldPolicy, e.str(e.run.Policy))
		}
		ev.Str(FieldChainAlg, e.out.chain.Alg())
		if epoch, ok := e.out.chain.Epoch(); ok {
			ev.Uint64(FieldChainEpoch, epoch)
		}
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
