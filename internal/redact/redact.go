// Package redact replaces secret values in an audit event's arguments
// before the record is encoded (spec amendment 3): the values of HTTP
// authentication and cookie headers, of environment variables with
// secret-looking names, and URL user-info passwords. Names stay; a value
// becomes a marker with a digest of it, so equal secrets still correlate:
//
//	<redacted:hmac-sha256:HEX>  HMAC-SHA256(HMAC-SHA256(chain key, "spython redact v1"), value)
//	<redacted:sha256:HEX>       SHA-256(value), when the run has no chain key
//
// Only the record is changed: the operation (the child process, the HTTP
// server) gets the real values, and so do the policy's decision and, in the
// developer build, script audit hooks (PEP 578: args reach every hook
// unchanged). The caller's tuple is never modified; a copy is made only
// where something is replaced.
package redact

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"strings"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/record"
)

// walkBudget bounds how many values one argument's scan for URL passwords
// visits. A list that shares sub-lists is exponentially larger walked than
// in memory (x = [x] * 6, sixteen times); an unbounded walk hangs the run.
// The record renderer gives up after record.MaxRender values and logs only
// what it reached, walking in the same order, so a budget above it still
// scans every string that can appear in the record.
const walkBudget = record.MaxRender + 1

// DefaultHeaders are the HTTP headers whose values are secret.
var DefaultHeaders = []string{"Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie"}

// DefaultEnv are the substrings that mark an environment variable's name
// as secret (matched case-insensitively).
var DefaultEnv = []string{"PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "PRIVATE_KEY", "CREDENTIAL"}

// Redactor rewrites event arguments. A nil *Redactor redacts nothing.
type Redactor struct {
	headers map[string]bool // lower-case names
	env     []string        // upper-case substrings
	newHash func() hash.Hash
	alg     string
}

// New returns a Redactor for the default lists extended by extraHeaders and
// extraEnv. With a key (the run's chain key) digests are keyed; without,
// plain SHA-256.
func New(key []byte, extraHeaders, extraEnv []string) *Redactor {
	r := &Redactor{headers: map[string]bool{}, newHash: sha256.New, alg: "sha256"}
	for _, h := range append(append([]string{}, DefaultHeaders...), extraHeaders...) {
		r.headers[strings.ToLower(h)] = true
	}
	for _, e := range append(append([]string{}, DefaultEnv...), extraEnv...) {
		r.env = append(r.env, strings.ToUpper(e))
	}
	if len(key) > 0 {
		// A key of its own for the digests, derived from the chain key, so
		// that no digest is ever an HMAC the chain also computes.
		m := hmac.New(sha256.New, key)
		m.Write([]byte("spython redact v1"))
		sub := m.Sum(nil)
		r.newHash = func() hash.Hash { return hmac.New(sha256.New, sub) }
		r.alg = "hmac-sha256"
	}
	return r
}

// Marker returns the text that stands for a secret value.
func (r *Redactor) Marker(value []byte) string {
	h := r.newHash()
	h.Write(value)
	return "<redacted:" + r.alg + ":" + hex.EncodeToString(h.Sum(nil)) + ">"
}

// SecretEnv reports whether an environment variable's name marks its value
// as secret.
func (r *Redactor) SecretEnv(name string) bool {
	u := strings.ToUpper(name)
	for _, s := range r.env {
		if strings.Contains(u, s) {
			return true
		}
	}
	return false
}

// SecretHeader reports whether an HTTP header's value is secret.
func (r *Redactor) SecretHeader(name string) bool {
	return r.headers[strings.ToLower(strings.TrimSpace(name))]
}

// Args returns args with the secret values replaced, or args itself when
// there is nothing to replace.
func (r *Redactor) Args(event string, args starlark.Tuple) starlark.Tuple {
	if r == nil {
		return args
	}
	var out starlark.Tuple
	set := func(i int, v starlark.Value) {
		if out == nil {
			out = append(starlark.Tuple(nil), args...)
		}
		out[i] = v
	}
	for i, a := range args {
		var v starlark.Value
		changed := false
		switch {
		case event == "urllib.Request" && i == 2:
			budget := walkBudget
			v, changed = r.mapping(a, r.SecretHeader, &budget)
		case event == "subprocess.Popen" && i == 3:
			budget := walkBudget
			v, changed = r.mapping(a, r.SecretEnv, &budget)
		case event == "os.putenv" && i == 1 && r.SecretEnv(text(args[0])):
			v, changed = starlark.String(r.Marker(raw(a))), true
		case event == "http.client.send" && i == 1:
			v, changed = r.httpHead(a)
		default:
			budget := walkBudget
			v, changed = r.urls(a, &budget)
		}
		if changed {
			set(i, v)
		}
	}
	if out == nil {
		return args
	}
	return out
}

// mapping replaces the values of a dict's secret keys (headers, env), and
// URL passwords in the others. A changed dict is a new one, in the same
// order.
func (r *Redactor) mapping(v starlark.Value, secret func(string) bool, budget *int) (starlark.Value, bool) {
	d, ok := v.(*starlark.Dict)
	if !ok {
		return r.urls(v, budget)
	}
	items := d.Items()
	vals := make([]starlark.Value, len(items))
	changed := false
	for i, kv := range items {
		c := true
		if secret(text(kv[0])) {
			vals[i] = starlark.String(r.Marker(raw(kv[1])))
		} else {
			vals[i], c = r.urls(kv[1], budget)
		}
		changed = changed || c
	}
	if !changed {
		return v, false
	}
	out := starlark.NewDict(len(items))
	for i, kv := range items {
		_ = out.SetKey(kv[0], vals[i])
	}
	return out, true
}

// httpHead replaces secret header values in the head of an HTTP request
// as written to the connection (http.client.send's data).
func (r *Redactor) httpHead(v starlark.Value) (starlark.Value, bool) {
	b, ok := v.(starlark.Bytes)
	if !ok {
		budget := walkBudget
		return r.urls(v, &budget)
	}
	data := []byte(string(b))
	end := bytes.Index(data, []byte("\r\n\r\n"))
	if end < 0 || !bytes.Contains(data[:bytes.IndexByte(data, '\n')+1], []byte(" HTTP/1.")) {
		return v, false // a body chunk, not a head
	}
	var out bytes.Buffer
	changed := false
	lines := bytes.SplitAfter(data[:end+2], []byte("\r\n"))
	for n, line := range lines {
		name, val, found := bytes.Cut(line, []byte(":"))
		if n > 0 && found && r.SecretHeader(string(name)) {
			val = bytes.TrimSuffix(val, []byte("\r\n"))
			out.Write(name)
			out.WriteString(": ")
			out.WriteString(r.Marker(bytes.TrimSpace(val)))
			out.WriteString("\r\n")
			changed = true
			continue
		}
		out.Write(line)
	}
	if !changed {
		return v, false
	}
	out.Write(data[end+2:])
	return starlark.Bytes(out.String()), true
}

// urls replaces URL user-info passwords in strings, also inside lists,
// tuples and dicts (a command line with `https://user:pw@host/`).
func (r *Redactor) urls(v starlark.Value, budget *int) (starlark.Value, bool) {
	if *budget <= 0 {
		return v, false
	}
	*budget--
	switch v := v.(type) {
	case starlark.String:
		if s, ok := r.urlPasswords(string(v)); ok {
			return starlark.String(s), true
		}
	case starlark.Bytes:
		if s, ok := r.urlPasswords(string(v)); ok {
			return starlark.Bytes(s), true
		}
	case *starlark.List:
		elems := make([]starlark.Value, v.Len())
		for i := range elems {
			elems[i] = v.Index(i)
		}
		if out, ok := r.seq(elems, budget); ok {
			return starlark.NewList(out), true
		}
	case starlark.Tuple:
		if out, ok := r.seq(v, budget); ok {
			return starlark.Tuple(out), true
		}
	case *starlark.Dict:
		return r.mapping(v, func(string) bool { return false }, budget)
	}
	return v, false
}

// seq applies urls to each element; a changed sequence is a new slice.
func (r *Redactor) seq(elems []starlark.Value, budget *int) ([]starlark.Value, bool) {
	var out []starlark.Value
	for i, x := range elems {
		if nv, ok := r.urls(x, budget); ok {
			if out == nil {
				out = append([]starlark.Value(nil), elems...)
			}
			out[i] = nv
		}
	}
	return out, out != nil
}

// urlPasswords rewrites every scheme://user:password@ in s.
func (r *Redactor) urlPasswords(s string) (string, bool) {
	if !strings.Contains(s, "://") {
		return s, false
	}
	var b strings.Builder
	changed := false
	rest := s
	for {
		i := strings.Index(rest, "://")
		if i < 0 {
			break
		}
		start := i + 3
		// The authority ends at the first /, ?, # or white space.
		end := start + strings.IndexFunc(rest[start:], func(c rune) bool {
			return c == '/' || c == '?' || c == '#' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '\''
		})
		if end < start {
			end = len(rest)
		}
		auth := rest[start:end]
		at := strings.LastIndexByte(auth, '@')
		colon := strings.IndexByte(auth, ':')
		if at > 0 && colon >= 0 && colon < at {
			b.WriteString(rest[:start+colon+1])
			b.WriteString(r.Marker([]byte(auth[colon+1 : at])))
			b.WriteString(auth[at:])
			changed = true
		} else {
			b.WriteString(rest[:end])
		}
		rest = rest[end:]
	}
	if !changed {
		return s, false
	}
	b.WriteString(rest)
	return b.String(), true
}

// text is a key's name: a str or bytes as its text, else its repr.
func text(v starlark.Value) string {
	switch v := v.(type) {
	case starlark.String:
		return string(v)
	case starlark.Bytes:
		return string(v)
	}
	return v.String()
}

// raw is the bytes a digest is taken of: a str's or bytes' own bytes,
// anything else's repr.
func raw(v starlark.Value) []byte { return []byte(text(v)) }
