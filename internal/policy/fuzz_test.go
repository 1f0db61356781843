package policy

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"go.starlark.net/starlark"
)

// FuzzParse: Parse never panics; a policy it accepts marshals back to a
// document that parses to the same policy, and deciding events with it
// never panics.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"builtin/production.json", "builtin/developer.json", "testdata/full.json"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"name":"x","deny":[{"event":"os.*","args":["/etc/*","!null"],"reason":"r"}],"limits":{"steps":10,"wall_time":"1s","memory_mb":1,"output_size":1}}`))
	f.Add([]byte(`{"name":"x","sandbox":{"no_new_privs":true,"landlock":"enforce","read":["/usr"],"write":["/tmp"],"net":{"connect_tcp":[443]}}}`))
	f.Add([]byte(`{"name":"x","deny":[{"event":"[","reason":"r"}]}`))
	f.Add([]byte(`{"name":"x"} {"name":"y"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse(data)
		if err != nil {
			return
		}
		for _, ev := range []string{"open", "os.system", "compile", EventOpenCode, EventIntegrityFailure, EventImport, EventSandboxDenied} {
			p.Decide(ev, starlark.Tuple{starlark.String("/etc/x"), starlark.None, starlark.False})
		}
		once, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		q, err := Parse(once)
		if err != nil {
			t.Fatalf("re-parse of %s: %v", once, err)
		}
		twice, err := json.Marshal(q)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(once, twice) {
			t.Fatalf("round trip differs:\n%s\n%s", once, twice)
		}
	})
}
