package logverify

import (
	"bytes"
	"strings"
	"testing"

	"github.com/spython-dev/spython/internal/record"
)

// fssLog writes runs sealed with consecutive forward-secure epochs from
// seed, as spython does (one epoch per run).
func fssLog(t *testing.T, seed *record.Key, runs ...fakeRun) []byte {
	t.Helper()
	var out bytes.Buffer
	k := seed
	for _, r := range runs {
		prev := ""
		if b := out.Bytes(); len(b) > 0 {
			prev = string(b[len(b)-67 : len(b)-3])
		}
		enc := record.NewEncoder(record.Run{ID: r.id, ScriptPath: r.script, PID: 42, Policy: "test"}, record.NewFSSChain(k.ChainKey(), k.Epoch, prev))
		recs := append([]record.Record{{Action: "spython.run_file", Type: "allowed"}}, r.recs...)
		recs = append(recs, record.Record{Action: "spython.run_end", Type: "allowed"})
		for i := range recs {
			lastClock = lastClock.Add(1e6)
			recs[i].Time = lastClock
			out.Write(enc.Encode(&recs[i]))
		}
		k = k.Next()
	}
	return out.Bytes()
}

func TestForwardSecure(t *testing.T) {
	seed, err := record.NewFSSKey()
	if err != nil {
		t.Fatal(err)
	}
	log := fssLog(t, seed, simpleRun("r0", 2), simpleRun("r1", 2), simpleRun("r2", 2))
	now := seed.Step(3) // the key on the host after three runs
	L := lines(log)

	// A thief with the current key re-seals run r0 with an altered record:
	// the best they can do is chain it under their epoch's key.
	forged := strings.Replace(L[1], `"/tmp/f0"`, `"/tmp/evil"`, 1)
	body := forged[:len(forged)-len(`"event.hash":"`)-64-3]
	forged = body + `"event.hash":"` + record.Sum(now.ChainKey(), L[0][len(L[0])-67:len(L[0])-3], []byte(body)) + "\"}\n"
	forgedLog := join(append([]string{L[0], forged}, L[2:]...))

	parsed, err := record.ParseKey(seed.Marshal())
	if err != nil || !parsed.FSS || parsed.Epoch != 0 || !bytes.Equal(parsed.Secret, seed.Secret) {
		t.Fatalf("ParseKey(Marshal) = %+v, %v", parsed, err)
	}
	for _, tc := range []struct {
		name     string
		log      []byte
		key      *record.Key
		wantLine int
		wantKind string
	}{
		{"seed verifies every epoch", log, seed, 0, ""},
		{"a later key verifies its epochs on", join(L[4:]), seed.Step(1), 1, KindBoundary}, // starts mid-file
		{"the current key cannot verify earlier epochs", log, now, 1, KindKey},
		{"forged with the current key", forgedLog, seed, 2, KindChain},
		{"no key", log, nil, 1, KindKey},
		{"epoch reused", bytes.Replace(log, []byte(`"spython.chain.epoch":1,`), []byte(`"spython.chain.epoch":0,`), 1), seed, 5, KindBoundary},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Verify(bytes.NewReader(tc.log), Options{FSS: tc.key})
			if err != nil {
				t.Fatal(err)
			}
			if tc.wantLine == 0 {
				if res.Break != nil {
					t.Fatalf("want OK, got %v", res.Break)
				}
				if g := res.Guarantee(); !strings.HasPrefix(g, "forward-secure (hmac-sha256-fss, epochs 0-2)") {
					t.Errorf("guarantee %q", g)
				}
				return
			}
			if res.Break == nil || res.Break.Line != tc.wantLine || res.Break.Kind != tc.wantKind {
				t.Fatalf("break %v, want line %d %s", res.Break, tc.wantLine, tc.wantKind)
			}
		})
	}
}

func TestKeyAt(t *testing.T) {
	seed, _ := record.NewFSSKey()
	k3, err := seed.At(3, 10)
	if err != nil || !bytes.Equal(k3, seed.Step(3).ChainKey()) {
		t.Fatalf("At(3) = %x, %v", k3, err)
	}
	if _, err := seed.Step(3).At(2, 10); err == nil {
		t.Error("stepping back: want an error")
	}
	if _, err := seed.At(1<<40, 10); err == nil {
		t.Error("too many steps: want an error")
	}
	if _, err := record.ParseKey([]byte("spython-fss-v1 1 ab\n")); err == nil {
		t.Error("malformed key: want an error")
	}
}
