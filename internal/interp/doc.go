// Package interp runs a script: it wires go.starlark.net to spython's audit
// hooks and policy.
//
// Every file that runs, the script and each load()ed module, passes
// through OpenCode, which opens it once without following a final symlink,
// checks it is a regular file of an accepted extension and size, reads it
// from that descriptor, refuses compiled bytecode, lets the integrity
// verifier judge those same bytes, raises spython.open_code, and returns the
// bytes; only those bytes are compiled. Compilation resolves names against
// the policy, so a predeclared name the policy does not allow is a
// compile-time error and a logged denial.
//
// Errors are catchable (try_call returns them) unless they are fatal:
// sys.exit, resource limits and a failing audit log end the run.
package interp
