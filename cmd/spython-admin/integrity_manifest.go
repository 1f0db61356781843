package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/pflag"

	"github.com/spython-dev/spython/internal/integrity"
)

func init() {
	register("manifest", command{usage: "manifest [-o OUT] [--relative] [--ext .star,...] [--serial N] [--expires DURATION|TIME] DIR|FILE...   hash code files into an unsigned manifest", run: runManifest})
	register("sign", command{usage: "sign --key PRIV MANIFEST  sign (or re-sign) a manifest in place", run: runSign})
	register("verify-manifest", command{usage: "verify-manifest --pubkey KEY MANIFEST  check the signature and every file's digest", run: runVerifyManifest})
}

func runManifest(args []string) int {
	fs := pflag.NewFlagSet("manifest", pflag.ContinueOnError)
	out := fs.StringP("output", "o", "", "write the manifest here (default stdout)")
	rel := fs.Bool("relative", false, "write paths relative to the manifest's directory (needs -o)")
	exts := fs.StringSlice("ext", []string{".star"}, "file name extensions to include")
	now := time.Now()
	serial := fs.Uint64("serial", uint64(now.Unix()), "serial number; hosts refuse one lower than the highest they accepted (default: the time in Unix seconds, so a later manifest has a higher one)")
	expiresArg := fs.String("expires", "2160h", "expiry: a duration from now (720h) or an RFC 3339 time; spython refuses the manifest after it")
	if err := fs.Parse(args); err != nil || fs.NArg() == 0 || (*rel && *out == "") {
		return usageErr("manifest [-o OUT] [--relative] [--ext .star,...] [--serial N] [--expires DURATION|TIME] DIR|FILE...")
	}
	expires, err := time.Parse(time.RFC3339, *expiresArg)
	if err != nil {
		d, derr := time.ParseDuration(*expiresArg)
		if derr != nil {
			return fail("manifest: --expires %q: want a duration (720h) or an RFC 3339 time", *expiresArg)
		}
		expires = now.Add(d).Truncate(time.Second)
	}
	base := ""
	if *rel {
		abs, err := filepath.Abs(*out)
		if err != nil {
			return fail("manifest: %v", err)
		}
		base = filepath.Dir(abs)
	}
	var files []string
	for _, root := range fs.Args() {
		root, err := filepath.Abs(root)
		if err != nil {
			return fail("manifest: %v", err)
		}
		err = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.Type().IsRegular() && slices.Contains(*exts, filepath.Ext(p)) {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			return fail("manifest: %v", err)
		}
	}
	slices.Sort(files)
	var buf bytes.Buffer
	buf.WriteString(integrity.ManifestHeader + "\n")
	buf.WriteString(integrity.MetaLines(*serial, expires))
	for _, p := range files {
		data, err := readCode(p)
		if err != nil {
			return fail("manifest: %s: %v", p, err)
		}
		name := p
		if base != "" {
			if name, err = filepath.Rel(base, p); err != nil {
				return fail("manifest: %v", err)
			}
		}
		if strings.ContainsAny(name, "\n\r\x00") {
			return fail("manifest: %q: a path with a newline cannot be listed", p)
		}
		buf.WriteString(integrity.EntryLine(integrity.Digest(data), name))
	}
	if *out == "" {
		os.Stdout.Write(buf.Bytes())
		return 0
	}
	if err := writeAtomic(*out, buf.Bytes()); err != nil {
		return fail("manifest: %v", err)
	}
	fmt.Fprintf(os.Stderr, "%s: %d files (unsigned; run spython-admin sign)\n", *out, len(files))
	return 0
}

func runSign(args []string) int {
	fs := pflag.NewFlagSet("sign", pflag.ContinueOnError)
	key := fs.String("key", "", "private key file written by keygen")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 || *key == "" {
		return usageErr("sign --key PRIV MANIFEST")
	}
	priv, err := readPrivateKey(*key)
	if err != nil {
		return fail("sign: %v", err)
	}
	path := fs.Arg(0)
	data, err := os.ReadFile(path)
	if err != nil {
		return fail("sign: %v", err)
	}
	body, _, err := integrity.SplitSignature(data)
	if err != nil {
		return fail("sign: %s: %v", path, err)
	}
	// Refuse to sign what spython would refuse to read.
	if _, err := integrity.ParseBody(body, filepath.Dir(path)); err != nil {
		return fail("sign: %s: %v", path, err)
	}
	if _, _, err := integrity.ParseMeta(body); err != nil {
		return fail("sign: %s: %v", path, err)
	}
	if err := writeAtomic(path, integrity.Sign(body, priv)); err != nil {
		return fail("sign: %v", err)
	}
	return 0
}

func runVerifyManifest(args []string) int {
	fs := pflag.NewFlagSet("verify-manifest", pflag.ContinueOnError)
	keyArg := fs.String("pubkey", "", "base64 public key, or a file holding it")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 || *keyArg == "" {
		return usageErr("verify-manifest --pubkey KEY MANIFEST")
	}
	pub, err := readPublicKey(*keyArg)
	if err != nil {
		return fail("verify-manifest: %v", err)
	}
	path, err := filepath.Abs(fs.Arg(0))
	if err != nil {
		return fail("verify-manifest: %v", err)
	}
	// Read it the way spython does, so that what passes here passes there.
	data, err := integrity.ReadTrusted(path, integrity.MaxManifestSize)
	if err != nil {
		return fail("verify-manifest: %s: %v", path, err)
	}
	entries, err := integrity.VerifyManifest(data, pub, filepath.Dir(path))
	if err != nil {
		return fail("verify-manifest: %s: %v", path, err)
	}
	body, _, _ := integrity.SplitSignature(data)
	serial, expires, err := integrity.ParseMeta(body)
	if err != nil {
		return fail("verify-manifest: %s: %v", path, err)
	}
	bad := 0
	if !time.Now().Before(expires) {
		fmt.Printf("FAIL %s: expired at %s: spython refuses it\n", path, expires.UTC().Format(time.RFC3339))
		bad++
	}
	fmt.Printf("serial %d, expires %s\n", serial, expires.UTC().Format(time.RFC3339))
	for _, e := range entries {
		code, err := readCode(e.Abs)
		switch {
		case err != nil:
			fmt.Printf("FAIL %s: %v\n", e.Abs, err)
			bad++
		case integrity.Digest(code) != fmt.Sprintf("%x", e.Digest):
			fmt.Printf("FAIL %s: digest mismatch (line %d)\n", e.Abs, e.Line)
			bad++
		default:
			fmt.Printf("ok   %s\n", e.Abs)
		}
	}
	fmt.Printf("%s: signature ok, %d files, %d failed\n", path, len(entries), bad)
	if bad > 0 {
		return 1
	}
	return 0
}

// readCode reads a code file the way open_code does: no symlink, regular.
func readCode(path string) ([]byte, error) {
	f, err := openCode(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

func openCode(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		f.Close()
		if err == nil {
			err = errNotRegular
		}
		return nil, err
	}
	return f, nil
}

// writeAtomic replaces path with data (mode 0644) by rename, so that a
// reader never sees half a manifest.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
