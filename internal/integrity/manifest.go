package integrity

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spython-dev/spython/internal/trusted"
)

// Manifest format (docs/integrity.md):
//
//	spython-manifest v1
//	# comments and blank lines are ignored
//	serial <decimal>
//	expires <RFC 3339 time>
//	sha256 <64 lowercase hex>  <path>
//	...
//	signature ed25519 <base64 of the 64-byte signature>
//
// The signature is over every byte before the signature line, which must
// be the last line. A relative path is relative to the manifest's own
// directory. Nothing in the body is trusted before the signature verifies.
const (
	ManifestHeader  = "spython-manifest v1"
	signaturePrefix = "signature ed25519 "
	entryPrefix     = "sha256 "
	serialPrefix    = "serial "
	expiresPrefix   = "expires "
	// MaxManifestSize bounds the manifest file.
	MaxManifestSize = 16 << 20
)

// Entry is one line of a manifest.
type Entry struct {
	Digest [32]byte
	Path   string // as written
	Abs    string // cleaned, resolved against the manifest's directory
	Line   int
}

// Manifest is a verified manifest: absolute path → digest.
type Manifest struct {
	Path    string
	Serial  uint64
	Expires time.Time
	entries map[string][32]byte
}

// manifestRules is the system policy's trusted-file rule (a variable only
// so that tests run by an ordinary user can accept their own files).
var manifestRules = trusted.Rules{RootOwned: true, Forbidden: 0o022, MaxSize: MaxManifestSize}

// LoadManifest reads the manifest at path with the rule the system policy
// has (O_NOFOLLOW, a regular file owned by root that group and others
// cannot write), verifies its signature with the base64 Ed25519 public
// key, refuses it when it has expired at now or its serial is lower than
// the highest one recorded in state (a rollback; state "" checks expiry
// only), and returns its entries.
func LoadManifest(path, publicKey, state string, now time.Time) (*Manifest, error) {
	pub, err := ParsePublicKey(publicKey)
	if err != nil {
		return nil, err
	}
	data, err := trusted.Read(path, manifestRules)
	if err != nil {
		return nil, fmt.Errorf("manifest %s: %w", path, err)
	}
	entries, err := VerifyManifest(data, pub, filepath.Dir(path))
	if err != nil {
		return nil, fmt.Errorf("manifest %s: %w", path, err)
	}
	body, _, _ := SplitSignature(data)
	serial, expires, err := ParseMeta(body)
	if err != nil {
		return nil, fmt.Errorf("manifest %s: %w", path, err)
	}
	if !now.Before(expires) {
		return nil, fmt.Errorf("manifest %s: expired at %s (serial %d): sign a fresh one", path, expires.UTC().Format(time.RFC3339), serial)
	}
	if state != "" {
		if err := checkSerial(state, serial); err != nil {
			return nil, fmt.Errorf("manifest %s: %w", path, err)
		}
	}
	m := &Manifest{Path: path, Serial: serial, Expires: expires, entries: make(map[string][32]byte, len(entries))}
	for _, e := range entries {
		m.entries[e.Abs] = e.Digest
	}
	return m, nil
}

// check judges a file's digest against its entry.
func (m *Manifest) check(path string, sum [32]byte) string {
	want, ok := m.entries[path]
	switch {
	case !ok:
		return "manifest: " + path + " is not listed in " + m.Path
	case want != sum:
		return "manifest: " + path + " does not match its signed digest (sha256 " + short(sum) + "…, signed " + short(want) + "…)"
	}
	return ""
}

// Len is the number of entries.
func (m *Manifest) Len() int { return len(m.entries) }

// ParsePublicKey decodes a base64 Ed25519 public key.
func ParsePublicKey(s string) (ed25519.PublicKey, error) {
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, errors.New("public key: want base64 of a 32-byte Ed25519 key")
	}
	return ed25519.PublicKey(b), nil
}

// SplitSignature separates the signed body from the signature line. A
// manifest without a signature line returns a nil signature.
func SplitSignature(data []byte) (body, sig []byte, err error) {
	if len(data) == 0 || data[len(data)-1] != '\n' {
		return nil, nil, errors.New("does not end with a newline")
	}
	i := bytes.LastIndexByte(data[:len(data)-1], '\n') + 1
	last := string(data[i : len(data)-1])
	if !strings.HasPrefix(last, signaturePrefix) {
		if strings.Contains(string(data), "\n"+signaturePrefix) || strings.HasPrefix(string(data), signaturePrefix) {
			return nil, nil, errors.New("the signature line is not the last line")
		}
		return data, nil, nil
	}
	sig, err = base64.StdEncoding.DecodeString(strings.TrimPrefix(last, signaturePrefix))
	if err != nil || len(sig) != ed25519.SignatureSize {
		return nil, nil, errors.New("malformed signature line")
	}
	body = data[:i]
	if bytes.Contains(body, []byte("\n"+signaturePrefix)) || bytes.HasPrefix(body, []byte(signaturePrefix)) {
		return nil, nil, errors.New("more than one signature line")
	}
	return body, sig, nil
}

// VerifyManifest checks the signature over the body and only then parses it.
func VerifyManifest(data []byte, pub ed25519.PublicKey, dir string) ([]Entry, error) {
	body, sig, err := SplitSignature(data)
	if err != nil {
		return nil, err
	}
	if sig == nil {
		return nil, errors.New("is not signed")
	}
	if !ed25519.Verify(pub, body, sig) {
		return nil, errors.New("bad signature (edited after signing, or signed with another key)")
	}
	return ParseBody(body, dir)
}

// ParseBody parses the (already verified) body. Any malformed line makes
// the whole manifest invalid: a line that cannot be understood must not
// silently permit or forbid anything.
func ParseBody(body []byte, dir string) ([]Entry, error) {
	lines := strings.Split(strings.TrimSuffix(string(body), "\n"), "\n")
	if len(lines) == 0 || lines[0] != ManifestHeader {
		return nil, fmt.Errorf("line 1: want %q", ManifestHeader)
	}
	var out []Entry
	seen := map[string]int{}
	for n, line := range lines[1:] {
		n += 2
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, serialPrefix) || strings.HasPrefix(line, expiresPrefix) {
			if _, err := parseMetaLine(line); err != nil {
				return nil, fmt.Errorf("line %d: %v", n, err)
			}
			continue
		}
		rest, ok := strings.CutPrefix(line, entryPrefix)
		hexsum, p, ok2 := strings.Cut(rest, "  ")
		if !ok || !ok2 || p == "" || strings.ContainsAny(p, "\r\x00") {
			return nil, fmt.Errorf("line %d: want \"sha256 <hex>  <path>\"", n)
		}
		raw, err := hex.DecodeString(hexsum)
		if err != nil || len(raw) != 32 || hexsum != strings.ToLower(hexsum) {
			return nil, fmt.Errorf("line %d: bad SHA-256 %q", n, hexsum)
		}
		e := Entry{Path: p, Line: n}
		copy(e.Digest[:], raw)
		e.Abs = p
		if !filepath.IsAbs(p) {
			e.Abs = filepath.Join(dir, p)
		}
		e.Abs = filepath.Clean(e.Abs)
		if prev, dup := seen[e.Abs]; dup {
			return nil, fmt.Errorf("line %d: %s is already listed on line %d", n, e.Abs, prev)
		}
		seen[e.Abs] = n
		out = append(out, e)
	}
	return out, nil
}

// ParseMeta returns the serial and expiry of a (verified) body: both must
// be present, once each. The serial orders manifests (a host refuses one
// lower than the highest it has run); the expiry bounds how long a
// manifest, and so a replayed old one, is accepted.
func ParseMeta(body []byte) (serial uint64, expires time.Time, err error) {
	var haveS, haveE bool
	for _, line := range strings.Split(string(body), "\n") {
		if !strings.HasPrefix(line, serialPrefix) && !strings.HasPrefix(line, expiresPrefix) {
			continue
		}
		v, err := parseMetaLine(line)
		if err != nil {
			return 0, time.Time{}, err
		}
		switch v := v.(type) {
		case uint64:
			if haveS {
				return 0, time.Time{}, errors.New("more than one serial line")
			}
			serial, haveS = v, true
		case time.Time:
			if haveE {
				return 0, time.Time{}, errors.New("more than one expires line")
			}
			expires, haveE = v, true
		}
	}
	if !haveS || !haveE {
		return 0, time.Time{}, errors.New("has no serial or no expires line (spython-admin manifest writes both; a manifest without them could be replayed forever)")
	}
	return serial, expires, nil
}

func parseMetaLine(line string) (any, error) {
	if v, ok := strings.CutPrefix(line, serialPrefix); ok {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("bad serial %q", v)
		}
		return n, nil
	}
	v, _ := strings.CutPrefix(line, expiresPrefix)
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return nil, fmt.Errorf("bad expires %q: want an RFC 3339 time", v)
	}
	return t, nil
}

// MetaLines formats the serial and expires lines.
func MetaLines(serial uint64, expires time.Time) string {
	return fmt.Sprintf("%s%d\n%s%s\n", serialPrefix, serial, expiresPrefix, expires.UTC().Format(time.RFC3339))
}

// EntryLine formats one manifest line.
func EntryLine(digest, path string) string { return entryPrefix + digest + "  " + path + "\n" }

// Sign returns body followed by its signature line. body must not already
// carry a signature (use SplitSignature first).
func Sign(body []byte, priv ed25519.PrivateKey) []byte {
	sig := ed25519.Sign(priv, body)
	out := append([]byte(nil), body...)
	return append(out, signaturePrefix+base64.StdEncoding.EncodeToString(sig)+"\n"...)
}

// ReadTrusted reads a whole file that must be a regular file, not a
// symlink, not writable by group or others, and at most max bytes.
func ReadTrusted(path string, max int64) ([]byte, error) {
	return trusted.Read(path, trusted.Rules{Forbidden: 0o022, MaxSize: max})
}
