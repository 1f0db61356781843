package record

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"go.starlark.net/starlark"
)

// FuzzEncode: whatever the arguments (control characters, invalid UTF-8,
// forged JSON, huge values), a record is one line of valid JSON with
// event.hash last, the chain verifies, and a str argument reads back
// unchanged when it is valid UTF-8 and short enough to be logged whole.
func FuzzEncode(f *testing.F) {
	f.Add("open", "", "/etc/passwd", int64(1), 1.5, false)
	f.Add("x\n{\"event.action\":\"forged\"}", "r\r\n", "a\x00b\x1b[31m\u2028\xff", int64(1<<60), math.Copysign(0, -1), true)
	f.Add("compile", "", strings.Repeat("é", 40000), int64(-1), 1e308, false)
	f.Fuzz(func(t *testing.T, action, reason, s string, i int64, fl float64, long bool) {
		if long {
			s = strings.Repeat(s, MaxValue/max(len(s), 1)+1)
		}
		d := starlark.NewDict(2)
		d.SetKey(starlark.String(s), starlark.Bytes(s))
		d.SetKey(starlark.MakeInt64(i), starlark.Float(fl))
		args := starlark.Tuple{starlark.String(s), starlark.Bytes(s), starlark.MakeInt64(i), starlark.Float(fl),
			starlark.NewList([]starlark.Value{starlark.String(s), starlark.None, starlark.True}), d}
		enc := NewEncoder(Run{ID: "id", ScriptPath: s, PID: 1, UID: 2, Policy: reason}, NewChain(nil, ""))
		prev := ""
		for n := 0; n < 2; n++ {
			typ := "allowed"
			if reason != "" {
				typ = "denied"
			}
			line := enc.Encode(&Record{Time: time.Unix(0, 0), Action: action, Type: typ, Reason: reason, Args: args, File: s, Line: 1, Col: 2})
			if bytes.IndexByte(line, '\n') != len(line)-1 {
				t.Fatalf("not exactly one line: %q", line)
			}
			if !utf8.Valid(line) || !json.Valid(line) {
				t.Fatalf("not valid UTF-8 JSON: %q", line)
			}
			i := bytes.LastIndex(line, []byte(`"`+FieldHash+`":"`))
			if i < 0 || len(line)-i != len(`"event.hash":"`)+64+3 {
				t.Fatalf("event.hash is not the last field: %q", line)
			}
			var r map[string]any
			if err := json.Unmarshal(line, &r); err != nil {
				t.Fatal(err)
			}
			if got := r[FieldHash].(string); got != Sum(nil, prev, line[:i]) {
				t.Fatalf("chain does not verify")
			}
			prev = r[FieldHash].(string)
			if r[FieldAction] != strings.ToValidUTF8(action, "\uFFFD") {
				t.Fatalf("action %q, want %q", r[FieldAction], action)
			}
			a := r[FieldArgs].([]any)
			if len(a) != len(args) {
				t.Fatalf("%d args, want %d", len(a), len(args))
			}
			if utf8.ValidString(s) && len(s) <= MaxValue && action != "compile" && action != "exec" {
				if a[0] != s {
					t.Fatalf("str argument %q, want %q", a[0], s)
				}
			}
		}
	})
}
