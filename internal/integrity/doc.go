// Package integrity decides whether a file open_code has read may run.
//
// A Verifier is built from the policy's open_code.integrity settings and
// judges the exact bytes read from the descriptor it is given, never the
// path again, so there is no window between the check and the compile.
// Backends (all configured ones must accept a file):
//
//   - manifest: an Ed25519-signed list of SHA-256 digests (manifest.go)
//   - xattr:    a SHA-256 in an extended attribute of the file (xattr.go)
//   - file:     owner, permission bits and noexec mount (filecheck.go)
//   - the kernel: execveat(fd, "", …, AT_EMPTY_PATH|AT_EXECVE_CHECK) on
//     Linux 6.14+ (execcheck.go), enforced under SECBIT_EXEC_RESTRICT_FILE
//     or when the policy says so.
//
// Failure reasons start with policy.IntegrityReasonPrefix so that audit
// mode can log them as would_deny and run the file anyway; the one
// exception is a refusal the process's securebits demand, which no policy
// mode may soften. See docs/integrity.md.
package integrity
