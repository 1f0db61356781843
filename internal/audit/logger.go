package audit

import (
	"errors"
	"sync"
	"time"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/hooks"
	"github.com/spython-dev/spython/internal/policy"
	"github.com/spython-dev/spython/internal/record"
	"github.com/spython-dev/spython/internal/redact"
	"github.com/spython-dev/spython/internal/sink"
)

// EventRunEnd is the last record of every run: (exit_code, reason).
const EventRunEnd = "spython.run_end"

// Native is a native sink with its policy settings.
type Native struct {
	sink.Handler
	Required bool // a failure is fatal, like a failing log file
}

// Config assembles a Logger.
type Config struct {
	Policy  *policy.Policy
	File    *sink.File // nil for a refused invocation (no script, no file)
	Natives []Native
	Run     record.Run
	HMACKey []byte
	// FSS marks HMACKey as the chain key of forward-secure epoch
	// FSSEpoch (record.Key.ChainKey): the run's first record says so.
	FSS      bool
	FSSEpoch uint64
	// Secrets are files no script may read or move (the HMAC key file).
	Secrets []string
	Now     func() time.Time // for tests; time.Now when nil
	// Ready, when set, is waited for before the first record: the
	// launcher's signal handlers, installed beside start-up, so that a
	// signal after any record still ends the run with a final one.
	Ready <-chan struct{}
}

// Logger is the launcher hook. It is safe for concurrent use: a signal
// handler may write the final record while the script thread runs.
type Logger struct {
	mu        sync.Mutex
	policy    *policy.Policy
	file      *sink.File
	natives   []Native
	enc       *record.Encoder
	chain     *record.Chain
	now       func() time.Time
	failed    error
	ended     bool
	anchor    uint64
	syncEvery int
	syncIntvl time.Duration
	unsynced  int
	lastSync  time.Time
	secrets   []fileID
	writeSet  []string        // nil: no metadata guard (see SetWriteSet)
	ready     <-chan struct{} // nil once waited for
	run       record.Run
	redact    *redact.Redactor // nil: the policy turned redaction off
}

// New returns a Logger whose chain continues from the file's last record.
func New(cfg Config) *Logger {
	prev := ""
	if cfg.File != nil {
		prev = cfg.File.LastHash()
	}
	chain := record.NewChain(cfg.HMACKey, prev)
	if cfg.FSS && len(cfg.HMACKey) > 0 {
		chain = record.NewFSSChain(cfg.HMACKey, cfg.FSSEpoch, prev)
	}
	l := &Logger{
		policy:    cfg.Policy,
		file:      cfg.File,
		natives:   cfg.Natives,
		enc:       record.NewEncoder(cfg.Run, chain),
		chain:     chain,
		now:       cfg.Now,
		anchor:    uint64(cfg.Policy.Log.AnchorEvery),
		syncEvery: cfg.Policy.Log.SyncEvery,
		syncIntvl: time.Duration(cfg.Policy.Log.SyncInterval),
		secrets:   secretIDs(cfg.Secrets),
		ready:     cfg.Ready,
		run:       cfg.Run,
	}
	if r := cfg.Policy.Log.Redact; !r.Off {
		// Digests keyed with the run's chain key when there is one
		// (package redact; docs/log-format.md, "Redaction").
		l.redact = redact.New(cfg.HMACKey, r.Headers, r.Env)
	}
	if l.now == nil {
		l.now = time.Now
	}
	l.lastSync = l.now()
	return l
}

// LogError is a failure to write the audit log or a required sink. It is
// fatal: the run ends with exit code 3.
type LogError struct{ Err error }

func (e *LogError) Error() string { return "audit log failed: " + e.Err.Error() }
func (e *LogError) Unwrap() error { return e.Err }
func (e *LogError) Fatal() bool   { return true }
func (e *LogError) Kind() string  { return "AuditLogError" }

// Audit implements hooks.Hook.
func (l *Logger) Audit(thread *starlark.Thread, event string, args starlark.Tuple) error {
	d := l.decide(event, args)
	if err := l.write(thread, event, d.Verdict.String(), d.Reason, args); err != nil {
		return err
	}
	if d.Verdict == policy.Deny {
		return &hooks.DeniedError{Event: event, Reason: d.Reason}
	}
	return nil
}

func (l *Logger) decide(event string, args starlark.Tuple) policy.Decision {
	if l.file != nil {
		if reason, hit := l.touchesLog(event, args); hit {
			return policy.Decision{Verdict: policy.Deny, Reason: reason}
		}
	}
	if l.touchesSecret(event, args) {
		return policy.Decision{Verdict: policy.Deny, Reason: reasonSecret}
	}
	if l.metadataOutsideWriteSet(event, args) {
		return policy.Decision{Verdict: policy.Deny, Reason: reasonMetadata}
	}
	return l.policy.Decide(event, args)
}

// ScriptHookFailed implements hooks.FailureRecorder: a script hook failed
// an event the launcher allowed, which denies it after all.
func (l *Logger) ScriptHookFailed(thread *starlark.Thread, event string, args starlark.Tuple, err error) error {
	return l.write(thread, event, policy.Deny.String(), "script hook: "+err.Error(), args)
}

// Emit writes a launcher record that is not subject to the policy (the
// refusal of an invocation, spython.run_end).
func (l *Logger) Emit(event, typ, reason string, args starlark.Tuple) error {
	return l.write(nil, event, typ, reason, args)
}

// End writes spython.run_end (exit_code, reason) and closes the log and
// sinks. Only the first call writes, and the check and the write are one
// critical section: two concurrent calls never write two records.
func (l *Logger) End(code int, reason string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ended {
		return nil
	}
	err := l.writeLocked(nil, EventRunEnd, "allowed", "", starlark.Tuple{starlark.MakeInt(code), starlark.String(reason)})
	l.ended = true
	if l.file != nil {
		// No fdatasync here: the records are already in the kernel, where
		// they survive the process, and waiting for the disk would cost
		// every run about a millisecond. Denials and the policy's
		// sync_every / sync_interval still wait for it.
		if cerr := l.file.Close(); cerr != nil && err == nil {
			err = &LogError{cerr}
		}
	}
	for _, n := range l.natives {
		n.Close()
	}
	return err
}

// Failed returns the error that made the log unusable, if any.
func (l *Logger) Failed() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.failed
}

func (l *Logger) write(thread *starlark.Thread, event, typ, reason string, args starlark.Tuple) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.writeLocked(thread, event, typ, reason, args)
}

func (l *Logger) writeLocked(thread *starlark.Thread, event, typ, reason string, args starlark.Tuple) error {
	if l.failed != nil {
		return l.failed
	}
	if l.ended {
		return &LogError{errors.New("record after spython.run_end")}
	}
	if l.ready != nil {
		<-l.ready
		l.ready = nil
	}
	// On the stack: assigning to a field of l took write barriers and a
	// typed copy on every record.
	// Secret values are replaced in the record only: the decision was
	// taken, and the operation happens, with the real ones.
	r := record.Record{Time: l.now(), Action: event, Type: typ, Reason: reason, Args: l.redact.Args(event, args)}
	if thread != nil {
		locate(thread, &r)
	}
	seq := l.enc.Sequence()
	if l.file != nil {
		// Concurrent runs append to one log: under the file's append lock,
		// chain from whatever record is last in the file now, so that the
		// file stays one chain (docs/log-format.md, "Concurrent runs").
		tail, err := l.file.Lock()
		if err != nil {
			l.failed = &LogError{err}
			return l.failed
		}
		l.chain.SetHead(tail)
	}
	line := l.enc.Encode(&r)
	if line == nil {
		if l.file != nil {
			l.file.Unlock(nil, 0)
		}
		l.failed = &LogError{errors.New("the record encoder dropped a record")}
		return l.failed
	}
	hash := line[len(line)-67 : len(line)-3]
	meta := sink.Meta{Seq: seq, Time: r.Time, Action: event, Type: typ, Reason: reason,
		RunID: l.run.ID, ScriptPath: l.run.ScriptPath, Policy: l.run.Policy}
	meta.Important = seq == 0 || typ != "allowed" || event == EventRunEnd
	if l.anchor > 0 && (seq+1)%l.anchor == 0 || event == EventRunEnd {
		meta.Anchor, meta.Important = true, true
		meta.Hash = string(hash)
	}
	if l.file != nil {
		err := l.file.Handle(meta, line)
		if err != nil {
			l.file.Unlock(nil, 0)
			l.failed = &LogError{err}
			return l.failed
		}
		l.file.Unlock(hash, len(line))
		if err := l.maybeSync(typ == "denied"); err != nil {
			l.failed = &LogError{err}
			return l.failed
		}
	}
	for _, n := range l.natives {
		if !n.Enabled(meta) {
			continue
		}
		if err := n.Handle(meta, line); err != nil && n.Required {
			l.failed = &LogError{err}
			return l.failed
		}
	}
	return nil
}

// maybeSync is the group commit: fdatasync every SyncEvery records or
// SyncInterval, and always before a denial takes effect.
func (l *Logger) maybeSync(force bool) error {
	l.unsynced++
	due := force ||
		l.syncEvery > 0 && l.unsynced >= l.syncEvery ||
		l.syncIntvl > 0 && l.now().Sub(l.lastSync) >= l.syncIntvl
	if !due {
		return nil
	}
	l.unsynced = 0
	l.lastSync = l.now()
	return l.file.Sync()
}

// locate fills in the innermost Starlark frame's position.
func locate(thread *starlark.Thread, r *record.Record) {
	for i := 0; i < thread.CallStackDepth(); i++ {
		pos := thread.DebugFrame(i).Position()
		if f := pos.Filename(); f != "<builtin>" && pos.Line > 0 {
			r.File, r.Line, r.Col = f, pos.Line, pos.Col
			return
		}
	}
}
