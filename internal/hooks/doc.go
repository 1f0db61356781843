// Package hooks implements PEP 578 audit hooks for spython.
//
// A Registry holds two ordered lists: launcher hooks (Go, installed by
// cmd/spython before any script byte is read) and script hooks (Starlark
// callables added with sys.addaudithook, where the policy allows it). Seal
// closes the launcher list for good; the package has no API that removes,
// replaces, lists or reorders hooks, before or after the seal.
//
// Audit calls launcher hooks first, then script hooks, each in the order
// added. The first hook that returns an error stops the rest, and the
// audited operation must then fail with that error without happening.
// Errors are catchable unless they implement Fatal (sys.exit, resource
// limits, a failing audit log), which end the run.
//
// With no hooks installed Audit does not allocate; with only launcher hooks
// it allocates nothing of its own.
package hooks
