package policy

// The compiled-in policy is Go source generated from the JSON document
// (compiledin_*.go), so start-up does not decode JSON. The JSON stays the
// source: edit builtin/*.json, then run `go generate ./internal/policy`;
// TestGeneratedUpToDate (package gen) fails while the two differ. Site
// builds generate the git-ignored compiledin_site.go (see the Makefile).
// The generator imports this package: should a change to the Policy type
// leave a generated literal that no longer compiles, fix its fields by hand
// first, then regenerate.

//go:generate go run ./gen -tag "!spython_dev && !spython_site" -o compiledin_production.go builtin/production.json
//go:generate go run ./gen -tag "spython_dev && !spython_site" -o compiledin_developer.go builtin/developer.json
