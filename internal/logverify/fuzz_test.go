package logverify

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzVerify: the verifier never panics on any file, reports I/O errors
// only for I/O (never for content), and never calls a file with a
// malformed line intact.
func FuzzVerify(f *testing.F) {
	f.Add([]byte(""))
	f.Add([]byte("{}\n"))
	f.Add([]byte(`{"@timestamp":"2024-01-01T00:00:00.000000Z","event.sequence":0,"event.action":"x","spython.decision":"allowed","spython.args":[],"spython.run.id":"a","spython.script.path":"/s","process.pid":1,"user.id":"0","spython.chain.alg":"sha256","spython.chain.prev":"","event.hash":"` + "00" + `"}` + "\n"))
	f.Add([]byte("not json\n{\"event.hash\":1}\n\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Verify(bytes.NewReader(data), Options{Key: []byte("k")})
		if err != nil {
			t.Fatalf("Verify: error %v for in-memory input", err)
		}
		if res.Break == nil {
			for _, line := range bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n")) {
				if len(data) > 0 && !json.Valid(line) {
					t.Fatalf("no break reported, but %q is not JSON", line)
				}
			}
		}
		Summarise(bytes.NewReader(data))
		ReadAnchors(bytes.NewReader(data))
	})
}
