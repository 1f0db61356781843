// Package policy holds spython's compiled-in policy and the decisions made
// from it.
//
// A policy is a small JSON document embedded into the binary at build time
// (see embed_*.go and the Makefile). It says which audit events are denied
// and why, which predeclared names scripts may reference, what open_code
// accepts, where logs go, which native sinks receive records, and the
// resource limits. Nothing at run time selects or loosens it: the only
// outside input is an optional system policy at a path fixed in the
// compiled-in policy, which is honoured only when it is a root-owned regular
// file that group and others cannot write, and which can only tighten (see
// Tighten).
//
// The package is a leaf: it is consulted by the launcher's hook and by the
// interpreter, and consults nobody.
package policy
