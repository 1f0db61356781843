package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"

	"github.com/spf13/pflag"

	"github.com/spython-dev/spython/internal/integrity"
)

// Key files: PREFIX.key holds the base64 Ed25519 seed (mode 0600, never
// overwritten); PREFIX.pub the base64 public key, which is exactly the
// policy's open_code.integrity.public_key value.
func init() {
	register("keygen", command{usage: "keygen PREFIX            write PREFIX.key (private, 0600) and PREFIX.pub", run: runKeygen})
}

func runKeygen(args []string) int {
	fs := pflag.NewFlagSet("keygen", pflag.ContinueOnError)
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		return usageErr("keygen PREFIX")
	}
	prefix := fs.Arg(0)
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return fail("keygen: %v", err)
	}
	pubText := base64.StdEncoding.EncodeToString(pub)
	if err := writeNew(prefix+".key", base64.StdEncoding.EncodeToString(priv.Seed())+"\n", 0o600); err != nil {
		return fail("keygen: %v", err)
	}
	if err := writeNew(prefix+".pub", pubText+"\n", 0o644); err != nil {
		return fail("keygen: %v", err)
	}
	fmt.Printf("public key (policy open_code.integrity.public_key): %s\n", pubText)
	return 0
}

// writeNew creates a file that must not exist yet, with exactly perm.
func writeNew(path, text string, perm os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	if err := f.Chmod(perm); err != nil { // not subject to the umask
		f.Close()
		return err
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// readPrivateKey reads a key file written by keygen, refusing one that
// group or others can read.
func readPrivateKey(path string) (ed25519.PrivateKey, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("%s: private key is accessible by group or others (mode %04o); chmod 600 it", path, st.Mode().Perm())
	}
	buf := make([]byte, 256)
	n, _ := f.Read(buf)
	seed, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(buf[:n])))
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("%s: not an Ed25519 private key written by keygen", path)
	}
	return ed25519.NewKeyFromSeed(seed), nil
}

// readPublicKey accepts a base64 key or a file holding one.
func readPublicKey(arg string) (ed25519.PublicKey, error) {
	if k, err := integrity.ParsePublicKey(arg); err == nil {
		return k, nil
	}
	data, err := os.ReadFile(arg)
	if err != nil {
		return nil, fmt.Errorf("public key %q: neither base64 nor a readable file: %v", arg, err)
	}
	k, err := integrity.ParsePublicKey(string(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", arg, err)
	}
	return k, nil
}

func usageErr(u string) int {
	fmt.Fprintln(os.Stderr, "usage: spython-admin "+u)
	return 2
}

func fail(format string, a ...any) int {
	fmt.Fprintf(os.Stderr, "spython-admin: "+format+"\n", a...)
	return 1
}

var errNotRegular = errors.New("not a regular file")
