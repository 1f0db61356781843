// Package launcher is spython's main program: it applies the invocation
// contract, loads the compiled-in policy, opens the script's audit log,
// installs and seals the launcher's audit hook before any script byte is
// read, runs the script, and maps how it ended to an exit code, writing
// spython.run_end on every path.
package launcher

import (
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"unsafe"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/spython-dev/spython/internal/audit"
	"github.com/spython-dev/spython/internal/cwd"
	"github.com/spython-dev/spython/internal/hooks"
	"github.com/spython-dev/spython/internal/interp"
	"github.com/spython-dev/spython/internal/logplace"
	"github.com/spython-dev/spython/internal/policy"
	"github.com/spython-dev/spython/internal/record"
	"github.com/spython-dev/spython/internal/sigwatch"
	"github.com/spython-dev/spython/internal/sink"
)

// Version is set at link time by the Makefile.
var Version = "dev"

// Exit codes (spec §2).
const (
	ExitOK       = 0
	ExitFailed   = 1
	ExitRefused  = 2
	ExitLog      = 3
	ExitOpenCode = 4
	ExitLimit    = 5
)

const usage = "usage: spython SCRIPT [ARG ...]   (or --help / --version alone)"

// Main runs spython with the command-line arguments (without argv[0]) and
// returns the process exit code.
func Main(args []string, stdout, stderr io.Writer) (code int) {
	growStack()
	// Signals are caught since package initialisation (package sigwatch)
	// and queued; from here on they reach endBySignal. The log waits for
	// Ready before its first record.
	sigwatch.Start()
	becomeSubreaper()
	sigReady := sigwatch.Ready()
	sigs := &runState{stderr: stderr, done: make(chan struct{})}
	active.Store(sigs)
	defer func() {
		if p := recover(); p != nil {
			// A bug in the launcher itself: still a final record.
			fmt.Fprintf(stderr, "spython: internal error: %v\n%s", p, debug.Stack())
			code = sigs.end(ExitFailed, "internal error")
		}
		close(sigs.done)
		active.CompareAndSwap(sigs, nil)
	}()
	inv := parseArgs(args, stdinIsData())
	pol, status, why, perr := policy.Effective()
	switch {
	case inv.help:
		fmt.Fprintf(stdout, "%s\n\nspython runs a Starlark script with sealed audit hooks and logs every\nsecurity-relevant event to SCRIPT.log before it happens. Everything after\nSCRIPT is passed to the script as sys.argv[1:]. See docs/ for details.\n", usage)
		return ExitOK
	case inv.version:
		name := "invalid"
		if pol != nil {
			name = pol.Name
		}
		fmt.Fprintf(stdout, "spython %s (policy %s)\n", Version, name)
		if perr != nil {
			fmt.Fprintf(stderr, "spython: %v\n", perr)
			return ExitRefused
		}
		return ExitOK
	}
	if perr != nil {
		// Fail closed: without a trustworthy policy nothing runs.
		fmt.Fprintf(stderr, "spython: refused: %v\n", perr)
		return ExitRefused
	}
	run := record.Run{ID: newRunID(), PID: os.Getpid(), UID: os.Getuid(), Policy: pol.Name}
	natives, err := openNatives(pol, stderr)
	if err != nil {
		// A required sink is part of the log: fail closed, like the file.
		fmt.Fprintf(stderr, "spython: cannot open the audit log: %v\n", err)
		return ExitLog
	}
	if inv.refusal != nil {
		return refuseInvocation(pol, run, natives, inv.refusal, stderr)
	}

	abs, err := cwd.Abs(inv.script)
	if err != nil {
		fmt.Fprintf(stderr, "spython: refused: script path %q: %v\n", inv.script, err)
		return ExitRefused
	}
	run.ScriptPath = abs
	if scriptMissing(abs) {
		// A mistyped name: refused before any log is opened, so that no
		// stray <typo>.log is left behind, with one denied record where
		// records of a run without a script go.
		fmt.Fprintf(stderr, "spython: refused: cannot open script: %s: no such file\n", inv.script)
		emitNoScript(pol, run, natives, "spython.open_code", starlark.Tuple{starlark.String(abs), starlark.False}, "open_code: no such file", stderr)
		return ExitRefused
	}
	file, logPath, err := logplace.Open(pol.Log.Dir, abs)
	if err != nil {
		fmt.Fprintf(stderr, "spython: cannot open the audit log: %v (%s)\n", err, logHint(pol))
		emitNoScript(pol, run, natives, "spython.log_failure", starlark.Tuple{starlark.String(logPath), starlark.String(err.Error())}, "invocation refused", io.Discard)
		return ExitLog
	}
	acfg := audit.Config{Policy: pol, File: file, Natives: natives, Run: run, Secrets: []string{pol.Log.HMACKeyFile}, Ready: sigReady}
	if k := chainKey(pol, stderr); k != nil {
		acfg.HMACKey, acfg.FSS, acfg.FSSEpoch = k.ChainKey(), k.FSS, k.Epoch
	}
	logger := audit.New(acfg)
	sigs.logger.Store(logger)
	reg := new(hooks.Registry)
	if err := reg.AddLauncher(logger); err != nil {
		panic(err) // cannot happen: the registry is new
	}
	reg.Seal()
	if status == policy.SystemIgnored {
		if err := reg.AuditLaunchers("spython.system_policy", starlark.Tuple{starlark.String(pol.SystemPolicy), starlark.String(string(status)), starlark.String(why)}); err != nil {
			return sigs.logFailed(err)
		}
	}

	landlocked, code := applySandbox(pol, abs, reg, stderr)
	if landlocked {
		// Landlock does not cover metadata: spython's own chmod, chown,
		// utime and xattr calls are held to the write set (issue 19.4).
		logger.SetWriteSet(pol.Sandbox.Write)
	}
	if code != 0 {
		return sigs.finish(interp.Result{Outcome: interp.Refused, Code: code, Reason: "sandbox unavailable"}, io.Discard)
	}
	runner := interp.New(interp.Config{
		Policy:    pol,
		Hooks:     reg,
		Script:    inv.script,
		Args:      inv.args,
		Stdout:    stdout,
		Stderr:    stderr,
		Version:   Version,
		Verifier:  verifier(pol),
		Sandboxed: landlocked,
		OnStop:    sigs.stopped,
	})
	sigs.runner.Store(runner)
	res := runner.Run()
	return sigs.finish(res, stderr)
}

// scriptMissing reports whether no file (of any type) is at path, or a
// directory on the way is not one. Anything that exists is left to
// open_code to judge.
func scriptMissing(path string) bool {
	var st unix.Stat_t
	err := unix.Lstat(path, &st)
	return err == unix.ENOENT || err == unix.ENOTDIR
}

// stdinIsData reports whether standard input is a pipe, socket or regular
// file: something a program could be read from.
func stdinIsData() bool {
	var st unix.Stat_t
	if unix.Fstat(0, &st) != nil {
		return false
	}
	switch st.Mode & unix.S_IFMT {
	case unix.S_IFIFO, unix.S_IFSOCK, unix.S_IFREG:
		return true
	}
	return false
}

// logHint names the policy setting that decides where the log goes, so
// that the message for a log that cannot be opened says what fixes it.
func logHint(p *policy.Policy) string {
	where := "the system policy " + p.SystemPolicy
	if p.SystemPolicy == "" {
		where = "the compiled-in policy (make build POLICY=file)"
	}
	if p.Log.Dir == "" {
		return "logs go beside the script; root can set log.dir in " + where + " to keep them in a log directory, see docs/policy.md"
	}
	return "the log directory is log.dir of policy " + p.Name + "; root can fix the directory or set log.dir in " + where + ", see docs/policy.md"
}

// refuseInvocation records a refused invocation on the native sinks and
// stderr (there is no script, hence no log file) and returns exit code 2.
func refuseInvocation(p *policy.Policy, run record.Run, natives []audit.Native, r *refusal, stderr io.Writer) int {
	fmt.Fprintf(stderr, "spython: refused: %s; %s\n", r.message, usage)
	emitNoScript(p, run, natives, r.event, r.args, "invocation refused", stderr)
	return ExitRefused
}

// emitNoScript writes one denied record where there is no log file.
func emitNoScript(p *policy.Policy, run record.Run, natives []audit.Native, event string, args starlark.Tuple, reason string, stderr io.Writer) {
	natives = append(natives, audit.Native{Handler: sink.NewWriter(stderr)})
	logger := audit.New(audit.Config{Policy: p, Natives: natives, Run: run})
	logger.Emit(event, policy.Deny.String(), reason, args)
	for _, n := range natives {
		n.Close()
	}
}

// newRunID reads 16 bytes with the getrandom(2) system call, which blocks
// until the kernel's pool is seeded, as crypto/rand does. It calls the
// kernel directly: unix.Getrandom and crypto/rand go through the vDSO,
// whose first call sets up per-thread state (an mmap and page faults),
// about 0.25 ms of every start-up here, for one 16-byte read.
func newRunID() string {
	var b [16]byte
	for {
		n, _, errno := unix.Syscall(unix.SYS_GETRANDOM, uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)), 0)
		if errno == unix.EINTR {
			continue
		}
		if errno != 0 || n != uintptr(len(b)) {
			panic(fmt.Sprintf("getrandom: %d bytes, %v", n, errno)) // not on Linux >= 3.17
		}
		return hex.EncodeToString(b[:])
	}
}
