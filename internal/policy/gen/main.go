// Command gen compiles a policy document into Go source, so that a binary
// carries its policy as a composite literal instead of decoding JSON at
// every start-up (encoding/json's reflection was ~5% of a run).
//
//	go run ./internal/policy/gen -tag EXPR -o OUT.go POLICY.json
//
// The document goes through policy.Parse, so what is compiled in is exactly
// what the binary would have accepted at run time (defaults filled in); a
// document Parse rejects fails the build with Parse's error, on one line.
// The builtin policies are regenerated with `go generate ./internal/policy`.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	tag := fs.String("tag", "", "build constraint of the generated file (required)")
	out := fs.String("o", "", "Go file to write (required)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *tag == "" || *out == "" || fs.NArg() != 1 {
		return fmt.Errorf("usage: gen -tag EXPR -o OUT.go POLICY.json")
	}
	src := fs.Arg(0)
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	code, err := generate(data, filepath.ToSlash(src), *tag)
	if err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	return writeFile(*out, code)
}

// writeFile replaces out atomically, so a failed run never leaves a
// half-written file for the next build to compile.
func writeFile(out string, code []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(out), ".gen-*.go.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(code); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", out, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", out, err)
	}
	return os.Rename(tmp.Name(), out)
}
