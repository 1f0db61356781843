package redact

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"go.starlark.net/starlark"
)

func dict(kv ...string) *starlark.Dict {
	d := starlark.NewDict(len(kv) / 2)
	for i := 0; i < len(kv); i += 2 {
		_ = d.SetKey(starlark.String(kv[i]), starlark.String(kv[i+1]))
	}
	return d
}

func sha(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "<redacted:sha256:" + hex.EncodeToString(sum[:]) + ">"
}

func TestArgs(t *testing.T) {
	r := New(nil, []string{"X-Api-Key"}, []string{"PIN"})
	for _, tc := range []struct {
		name  string
		event string
		args  starlark.Tuple
		want  string // the redacted tuple's repr
	}{
		{"auth header", "urllib.Request",
			starlark.Tuple{starlark.String("http://h/"), starlark.None, dict("Authorization", "Bearer abc", "Accept", "x"), starlark.String("GET")},
			`("http://h/", None, {"Authorization": "` + sha("Bearer abc") + `", "Accept": "x"}, "GET")`},
		{"header names any case, policy extension", "urllib.Request",
			starlark.Tuple{starlark.String("http://h/"), starlark.None, dict("cookie", "a=1", "x-api-key", "k"), starlark.String("GET")},
			`("http://h/", None, {"cookie": "` + sha("a=1") + `", "x-api-key": "` + sha("k") + `"}, "GET")`},
		{"url password", "urllib.Request",
			starlark.Tuple{starlark.String("https://ann:pw@h/p?q"), starlark.None, dict(), starlark.String("GET")},
			`("https://ann:` + sha("pw") + `@h/p?q", None, {}, "GET")`},
		{"url without password", "urllib.Request",
			starlark.Tuple{starlark.String("https://ann@h/p"), starlark.None, dict(), starlark.String("GET")},
			`("https://ann@h/p", None, {}, "GET")`},
		{"popen env and argv url", "subprocess.Popen",
			starlark.Tuple{starlark.String("git"), starlark.NewList([]starlark.Value{starlark.String("git"), starlark.String("clone"), starlark.String("https://u:tok@git/x")}), starlark.None,
				dict("PGPASSWORD", "hunter2", "HOME", "/root", "github_token", "t", "MY_PIN", "1234")},
			`("git", ["git", "clone", "https://u:` + sha("tok") + `@git/x"], None, {"PGPASSWORD": "` + sha("hunter2") + `", "HOME": "/root", "github_token": "` + sha("t") + `", "MY_PIN": "` + sha("1234") + `"})`},
		{"putenv secret", "os.putenv", starlark.Tuple{starlark.String("AWS_SECRET_ACCESS_KEY"), starlark.String("s")},
			`("AWS_SECRET_ACCESS_KEY", "` + sha("s") + `")`},
		{"putenv plain", "os.putenv", starlark.Tuple{starlark.String("LANG"), starlark.String("C")}, `("LANG", "C")`},
		{"other event, url in a string", "open", starlark.Tuple{starlark.String("see ftp://a:b@c and http://d:e@f/"), starlark.String("r")},
			`("see ftp://a:` + sha("b") + `@c and http://d:` + sha("e") + `@f/", "r")`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := tc.args.String()
			got := r.Args(tc.event, tc.args)
			if got.String() != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
			if tc.args.String() != before {
				t.Errorf("the caller's tuple changed: %s", tc.args)
			}
		})
	}
}

func TestHTTPHead(t *testing.T) {
	r := New(nil, nil, nil)
	head := "GET / HTTP/1.1\r\nHost: h\r\nAuthorization: Basic YTpi\r\nCookie: s=1\r\n\r\n"
	got := r.Args("http.client.send", starlark.Tuple{starlark.None, starlark.Bytes(head)})
	b := string(got[1].(starlark.Bytes))
	want := "GET / HTTP/1.1\r\nHost: h\r\nAuthorization: " + sha("Basic YTpi") + "\r\nCookie: " + sha("s=1") + "\r\n\r\n"
	if b != want {
		t.Errorf("got %q\nwant %q", b, want)
	}
	body := starlark.Tuple{starlark.None, starlark.Bytes("Authorization: not a header, a body")}
	if got := r.Args("http.client.send", body); got[1] != body[1] {
		t.Errorf("a body was changed: %v", got[1])
	}
}

// Equal secrets correlate; a key changes the digest and names its
// algorithm; a nil Redactor changes nothing.
func TestMarker(t *testing.T) {
	plain, keyed := New(nil, nil, nil), New([]byte("0123456789abcdef0123456789abcdef"), nil, nil)
	x1, x2 := plain.Marker([]byte("x")), plain.Marker([]byte(string([]byte{'x'})))
	if x1 != x2 || x1 == plain.Marker([]byte("y")) {
		t.Error("plain markers do not correlate")
	}
	k := keyed.Marker([]byte("x"))
	if !strings.HasPrefix(k, "<redacted:hmac-sha256:") || k == x1 || k != keyed.Marker([]byte(string([]byte{'x'}))) {
		t.Errorf("keyed marker %q", k)
	}
	var none *Redactor
	args := starlark.Tuple{starlark.String("PASSWORD"), starlark.String("x")}
	if got := none.Args("os.putenv", args); got[1] != args[1] {
		t.Error("nil Redactor redacted")
	}
}

// A list that shares sub-lists (x = [x] * 6, sixteen times: 6^16 paths) is
// scanned within the walk budget instead of hanging the run; a URL password
// the budget reaches is still redacted.
func TestSharedStructureIsBounded(t *testing.T) {
	x := starlark.Value(starlark.NewList([]starlark.Value{starlark.String("https://u:pw@h/")}))
	for i := 0; i < 16; i++ {
		elems := make([]starlark.Value, 6)
		for j := range elems {
			elems[j] = x
		}
		x = starlark.NewList(elems)
	}
	out := New(nil, nil, nil).Args("test.shared", starlark.Tuple{x})
	first := out[0]
	for i := 0; i < 16; i++ {
		first = first.(*starlark.List).Index(0)
	}
	got := string(first.(*starlark.List).Index(0).(starlark.String))
	if strings.Contains(got, "pw") || !strings.Contains(got, "<redacted:") {
		t.Errorf("first leaf = %q, want its password redacted", got)
	}
}
