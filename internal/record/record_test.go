package record

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/rs/zerolog"
	"go.starlark.net/starlark"
)

func render(event string, args ...starlark.Value) string {
	return string(AppendArgs(nil, event, starlark.Tuple(args)))
}

func TestArgumentRendering(t *testing.T) {
	list := starlark.NewList([]starlark.Value{starlark.MakeInt(1), starlark.String("a")})
	dict := starlark.NewDict(2)
	dict.SetKey(starlark.String("k"), starlark.None)
	dict.SetKey(starlark.MakeInt(7), starlark.True)
	tests := []struct {
		name string
		v    starlark.Value
		want string
	}{
		{"str", starlark.String("héllo"), `["héllo"]`},
		{"int", starlark.MakeInt(-42), `[-42]`},
		{"int at 2^53", starlark.MakeInt64(1 << 53), `[9007199254740992]`},
		{"int beyond 2^53 is a string", starlark.MakeInt64(1<<53 + 1), `["9007199254740993"]`},
		{"bigint", starlark.MakeBigInt(new(big.Int).Lsh(big.NewInt(1), 100)), `["1267650600228229401496703205376"]`},
		{"float", starlark.Float(1.5), `[1.5]`},
		{"nan is a string", starlark.Float(math.NaN()), `["nan"]`},
		{"bool", starlark.False, `[false]`},
		{"None", starlark.None, `[null]`},
		{"bytes", starlark.Bytes("\x00\xff"), `[{"bytes_b64":"AP8="}]`},
		{"tuple", starlark.Tuple{starlark.MakeInt(1), starlark.None}, `[[1,null]]`},
		{"list", list, `[[1,"a"]]`},
		{"dict with non-string key: every key is its repr", dict, `[{"\"k\"":null,"7":true}]`},
		{"other is repr", starlark.NewSet(0), `["set([])"]`},
		{"control characters escaped", starlark.String("a\nb\"c\\\x01\x7f"), `["a\nb\"c\\\u0001\u007f"]`},
		{"forged record in a value stays one string", starlark.String("x\"}\n{\"event.action\":\"forged\""), `["x\"}\n{\"event.action\":\"forged\""]`},
		{"invalid UTF-8 replaced", starlark.String("a\xffb"), `["a\ufffdb"]`},
		{"line separators escaped", starlark.String("a\u2028b"), `["a\u2028b"]`},
	}
	for _, tt := range tests {
		got := render("ev", tt.v)
		if got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, got, tt.want)
		}
		if !json.Valid([]byte(got)) {
			t.Errorf("%s: invalid JSON %s", tt.name, got)
		}
	}
}

func TestTruncation(t *testing.T) {
	long := strings.Repeat("é", MaxValue) // 2 bytes each: over the limit
	var out []any
	if err := json.Unmarshal([]byte(render("ev", starlark.String(long))), &out); err != nil {
		t.Fatal(err)
	}
	obj := out[0].(map[string]any)
	sum := sha256.Sum256([]byte(long))
	if obj["truncated"] != true || obj["length"] != float64(len(long)) || obj["sha256"] != hex.EncodeToString(sum[:]) {
		t.Errorf("truncated form = %v", obj)
	}
	if head := obj["head"].(string); len(head) > HeadSize || !strings.HasPrefix(long, head) || len(head) < HeadSize-4 {
		t.Errorf("head has %d bytes", len(head))
	}
	// Exactly MaxValue is kept whole.
	exact := strings.Repeat("a", MaxValue)
	if got := render("ev", starlark.String(exact)); got != `["`+exact+`"]` {
		t.Error("a value of exactly MaxValue bytes was changed")
	}
	// A large container is truncated as a whole.
	elems := make([]starlark.Value, 20000)
	for i := range elems {
		elems[i] = starlark.String("abcdefgh")
	}
	if got := render("ev", starlark.NewList(elems)); !strings.Contains(got, `"truncated":true`) {
		t.Error("a container rendering over MaxValue was not truncated")
	}
	// A self-containing list ends.
	l := starlark.NewList(nil)
	l.Append(l)
	if got := render("ev", l); !json.Valid([]byte(got)) {
		t.Errorf("cyclic list: %s", got)
	}
}

func TestSourceIsText(t *testing.T) {
	src := starlark.Bytes("print('payload')\n")
	if got := render("compile", src, starlark.String("<string>")); got != `["print('payload')\n","<string>"]` {
		t.Errorf("compile source: %s", got)
	}
	if got := render("exec", src); got != `["print('payload')\n"]` {
		t.Errorf("exec source: %s", got)
	}
	// Other events keep bytes as bytes.
	if got := render("open", src); !strings.Contains(got, "bytes_b64") {
		t.Errorf("open bytes: %s", got)
	}
	// Source is whole up to 1 MiB, well past the 64 KiB value limit.
	big := strings.Repeat("x", MaxSource)
	if got := render("compile", starlark.String(big)); strings.Contains(got, "truncated") {
		t.Error("1 MiB of source was truncated")
	}
	if got := render("compile", starlark.String(big+"x")); !strings.Contains(got, "truncated") {
		t.Error("source over 1 MiB was not truncated")
	}
}

func TestEncoderRecords(t *testing.T) {
	now := time.Date(2026, 11, 28, 8, 0, 0, 123456789, time.FixedZone("X", 3600))
	enc := NewEncoder(Run{ID: "rid", ScriptPath: "/s.star", PID: 7, UID: 1000, Policy: "production"}, NewChain(nil, ""))
	first := string(enc.Encode(&Record{Time: now, Action: "a", Type: "allowed", Args: starlark.Tuple{starlark.MakeInt(1)}, File: "/s.star", Line: 3, Col: 5}))
	want := `{"@timestamp":"2026-11-28T07:00:00.123456Z","ecs.version":"8.17.0","event.kind":"event","event.category":["api"],"event.type":["allowed"],"event.outcome":"success","event.sequence":0,"event.action":"a","spython.decision":"allowed","spython.args":[1],"spython.args_text":"1","spython.location":"/s.star:3:5","log.origin.file.name":"/s.star","log.origin.file.line":3,"spython.run.id":"rid","spython.script.path":"/s.star","process.pid":7,"user.id":"1000","process.real_user.id":"1000","spython.policy":"production","spython.chain.alg":"sha256","spython.chain.prev":"",`
	if !strings.HasPrefix(first, want) {
		t.Fatalf("first record:\n got %s\nwant %s…", first, want)
	}
	h1 := first[len(first)-67 : len(first)-3]
	if h1 != Sum(nil, "", []byte(want)) {
		t.Errorf("event.hash of the first record is not SHA-256(record)")
	}
	second := string(enc.Encode(&Record{Time: now, Action: "b", Type: "denied", Reason: "r"}))
	if !strings.Contains(second, `"event.type":["denied"],"event.outcome":"failure","event.sequence":1,"event.action":"b","spython.decision":"denied","event.reason":"r","spython.args":[],"spython.args_text":""`) {
		t.Errorf("second record: %s", second)
	}
	if strings.Contains(second, "spython.chain.alg") {
		t.Error("the chain algorithm is repeated after the first record")
	}
	i := strings.LastIndex(second, `"event.hash"`)
	if second[len(second)-67:len(second)-3] != Sum(nil, h1, []byte(second[:i])) {
		t.Error("the second record does not chain from the first")
	}
	for _, line := range []string{first, second} {
		if !json.Valid([]byte(line)) || strings.Count(line, "\n") != 1 || !strings.HasSuffix(line, "\"}\n") {
			t.Errorf("not one JSON line: %q", line)
		}
	}
}

func TestHMACChain(t *testing.T) {
	key := []byte("secret")
	c := NewChain(key, strings.Repeat("a", 64))
	if c.Alg() != AlgHMAC || c.Head() != strings.Repeat("a", 64) {
		t.Fatalf("alg %s head %s", c.Alg(), c.Head())
	}
	rec := []byte(`{"x":1,`)
	out := c.Seal(append([]byte(nil), rec...), 0)
	if got := string(out[len(rec)+len(`"event.hash":"`) : len(out)-3]); got != Sum(key, strings.Repeat("a", 64), rec) {
		t.Errorf("HMAC link %s", got)
	}
	if Sum(key, "", rec) == Sum(nil, "", rec) {
		t.Error("HMAC and SHA-256 agree")
	}
}

func TestEncodeDoesNotAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under -race (sync.Pool drops items); make test runs this without it")
	}
	enc := NewEncoder(Run{ID: "rid", ScriptPath: "/s.star", PID: 1, UID: 0}, NewChain(nil, ""))
	r := &Record{Time: time.Now(), Action: "open", Type: "allowed",
		Args: starlark.Tuple{starlark.String("/etc/hosts"), starlark.String("r"), starlark.MakeInt(0)}, File: "/s.star", Line: 1, Col: 1}
	enc.Encode(r) // first record carries extra fields
	if n := testing.AllocsPerRun(200, func() { enc.Encode(r) }); n != 0 {
		t.Errorf("Encode allocates %v times per record", n)
	}
}

func BenchmarkEncode(b *testing.B) {
	enc := NewEncoder(Run{ID: "rid", ScriptPath: "/s.star", PID: 1, UID: 0}, NewChain(nil, ""))
	r := &Record{Time: time.Now(), Action: "open", Type: "allowed",
		Args: starlark.Tuple{starlark.String("/etc/hosts"), starlark.String("r"), starlark.MakeInt(0)}, File: "/s.star", Line: 1, Col: 1}
	b.ReportAllocs()
	for b.Loop() {
		enc.Encode(r)
	}
}

// TestEncoderTimestamps: the encoder's per-second cache renders every
// record's own time, across seconds, days and zones.
func TestEncoderTimestamps(t *testing.T) {
	enc := NewEncoder(Run{ID: "r"}, NewChain(nil, ""))
	base := time.Date(2026, 12, 31, 23, 59, 59, 0, time.UTC)
	for _, tm := range []time.Time{
		base.Add(1000),
		base.Add(999999 * time.Microsecond), // same second
		base.Add(time.Second),               // next day and year
		base.Add(time.Second + 5*time.Microsecond),
		base.Add(time.Second).In(time.FixedZone("E", -5*3600)), // same instant, another zone
		base.Add(-time.Hour),                                   // back in time
	} {
		line := enc.Encode(&Record{Time: tm, Action: "a", Type: "allowed"})
		want := `{"` + FieldTimestamp + `":"` + tm.UTC().Format(TimeLayout) + `"`
		if !strings.HasPrefix(string(line), want) {
			t.Errorf("record for %v starts %.50s, want %s", tm, line, want)
		}
	}
}

func TestTimestampMatchesLayout(t *testing.T) {
	for _, tm := range []time.Time{
		time.Date(2026, 1, 2, 3, 4, 5, 6000, time.UTC),
		time.Date(1999, 12, 31, 23, 59, 59, 999999999, time.FixedZone("E", -5*3600)),
		time.Date(2026, 11, 28, 0, 0, 0, 0, time.Local),
	} {
		if got, want := string(appendTimestamp(nil, tm)), tm.UTC().Format(TimeLayout); got != want {
			t.Errorf("appendTimestamp = %s, want %s", got, want)
		}
	}
}

// A value that shares sub-lists (or contains itself) can be exponentially
// larger rendered than in memory: rendering must stay bounded.
func TestPathologicalValuesRenderBounded(t *testing.T) {
	shared := starlark.Value(starlark.NewList([]starlark.Value{starlark.MakeInt(0)}))
	for i := 0; i < 16; i++ {
		elems := make([]starlark.Value, 6)
		for j := range elems {
			elems[j] = shared
		}
		shared = starlark.NewList(elems)
	}
	self := starlark.NewList(nil)
	for i := 0; i < 8; i++ {
		self.Append(self)
	}
	for name, v := range map[string]starlark.Value{"shared": shared, "self": self} {
		// A hang here is caught by go test's own timeout: no timed assertion.
		got := render("ev", v, starlark.String("after"))
		var out []any
		if err := json.Unmarshal([]byte(got), &out); err != nil {
			t.Fatalf("%s: invalid JSON: %v", name, err)
		}
		obj, ok := out[0].(map[string]any)
		if !ok || obj["truncated"] != true || obj["incomplete"] != true {
			t.Errorf("%s: not marked truncated and incomplete: %.200s", name, got)
		}
		if out[1] != "after" {
			t.Errorf("%s: the next argument was lost: %v", name, out[1])
		}
	}
}

// TestEncoderDisabledByZerologFailsClosed: zerolog's global level is
// process-wide state; if anything ever sets it to Disabled, Encode must
// report the lost record (nil) instead of returning a stale line.
func TestEncoderDisabledByZerologFailsClosed(t *testing.T) {
	enc := NewEncoder(Run{ID: "r"}, NewChain(nil, ""))
	prev := zerolog.GlobalLevel()
	zerolog.SetGlobalLevel(zerolog.Disabled)
	line := enc.Encode(&Record{Time: time.Now(), Action: "a", Type: "allowed"})
	zerolog.SetGlobalLevel(prev)
	if line != nil {
		t.Fatalf("Encode with zerolog disabled returned %q, want nil", line)
	}
	if enc.Sequence() != 0 {
		t.Errorf("a dropped record advanced the sequence to %d", enc.Sequence())
	}
}

// TestEncoderEscapingThroughZerolog: strings in every field keep
// spython's escaping rules (stricter than zerolog's own) end to end.
func TestEncoderEscapingThroughZerolog(t *testing.T) {
	nasty := "a\u2028b\u2029c\x7f\x01\xff\"}\n{"
	enc := NewEncoder(Run{ID: "r", ScriptPath: "/x" + nasty + ".star", Policy: nasty}, NewChain(nil, ""))
	line := string(enc.Encode(&Record{Time: time.Now(), Action: nasty, Type: "denied", Reason: nasty,
		Args: starlark.Tuple{starlark.String(nasty)}, File: "/f" + nasty, Line: 1, Col: 2}))
	esc := `a\u2028b\u2029c\u007f\u0001\ufffd\"}\n{`
	for _, field := range []string{`"event.action":"` + esc + `"`, `"event.reason":"` + esc + `"`,
		`"spython.args":["` + esc + `"]`, `"spython.location":"/f` + esc + `:1:2"`,
		`"spython.script.path":"/x` + esc + `.star"`, `"spython.policy":"` + esc + `"`} {
		if !strings.Contains(line, field) {
			t.Errorf("record lacks %s:\n%s", field, line)
		}
	}
	if strings.Count(line, "\n") != 1 || strings.ContainsAny(line, "\u2028\u2029\x7f") || !json.Valid([]byte(line)) {
		t.Errorf("not one safe JSON line: %q", line)
	}
}

// TestDictKeysNeverCollide (issue 17 item 6): a bytes key and the str
// spelling its repr must stay two JSON names, and so must str keys that
// differ only in invalid UTF-8, in every record.
func TestDictKeysNeverCollide(t *testing.T) {
	mk := func(kv ...starlark.Value) *starlark.Dict {
		d := starlark.NewDict(len(kv) / 2)
		for i := 0; i < len(kv); i += 2 {
			if err := d.SetKey(kv[i], kv[i+1]); err != nil {
				t.Fatal(err)
			}
		}
		return d
	}
	tests := []struct {
		name string
		d    *starlark.Dict
		want string
	}{
		{"str keys verbatim", mk(starlark.String("PATH"), starlark.String("/bin")), `[{"PATH":"/bin"}]`},
		{"bytes key vs its repr as a str", mk(starlark.Bytes("LD_PRELOAD"), starlark.String("/evil.so"), starlark.String(`b"LD_PRELOAD"`), starlark.String("/x")),
			`[{"b\"LD_PRELOAD\"":"/evil.so","\"b\\\"LD_PRELOAD\\\"\"":"/x"}]`},
		{"invalid UTF-8 str keys", mk(starlark.String("a\xff"), starlark.MakeInt(1), starlark.String("a\xfe"), starlark.MakeInt(2)), ""},
		{"int key vs its digits", mk(starlark.MakeInt(7), starlark.True, starlark.String("7"), starlark.False), `[{"7":true,"\"7\"":false}]`},
	}
	for _, tt := range tests {
		got := render("subprocess.Popen", tt.d)
		if tt.want != "" && got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, got, tt.want)
		}
		if err := noDuplicateNames([]byte(got)); err != nil {
			t.Errorf("%s: %s: %v", tt.name, got, err)
		}
	}
}

// noDuplicateNames walks a JSON document and fails on an object with two
// equal member names (after decoding).
func noDuplicateNames(b []byte) error {
	dec := json.NewDecoder(strings.NewReader(string(b)))
	var walk func() error
	walk = func() error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return err
				}
				if seen[k.(string)] {
					return fmt.Errorf("duplicate name %q", k)
				}
				seen[k.(string)] = true
				if err := walk(); err != nil {
					return err
				}
			}
			_, err = dec.Token()
			return err
		case json.Delim('['):
			for dec.More() {
				if err := walk(); err != nil {
					return err
				}
			}
			_, err = dec.Token()
			return err
		}
		return nil
	}
	return walk()
}

func TestArgsText(t *testing.T) {
	env := starlark.NewDict(1)
	env.SetKey(starlark.Bytes("LD_PRELOAD"), starlark.String("/tmp/x.so"))
	tests := []struct {
		args starlark.Tuple
		want string
	}{
		{starlark.Tuple{starlark.String("/etc/hosts"), starlark.String("r"), starlark.MakeInt(0)}, "/etc/hosts r 0"},
		{starlark.Tuple{starlark.String("/bin/sh"), starlark.NewList([]starlark.Value{starlark.String("sh"), starlark.String("-c")}), starlark.None, env},
			"/bin/sh sh -c None LD_PRELOAD=/tmp/x.so"},
		{starlark.Tuple{starlark.Bytes("print(1)"), starlark.True, starlark.Float(1.5)}, "print(1) True 1.5"},
		{starlark.Tuple{}, ""},
	}
	for _, tt := range tests {
		if got := string(AppendArgsText(nil, tt.args)); got != tt.want {
			t.Errorf("AppendArgsText(%v) = %q, want %q", tt.args, got, tt.want)
		}
	}
	long := strings.Repeat("é", MaxArgsText)
	got := AppendArgsText(nil, starlark.Tuple{starlark.String(long), starlark.String("tail")})
	if len(got) > MaxArgsText+len(" …") || !strings.HasSuffix(string(got), " …") || !utf8.Valid(got) {
		t.Errorf("long args_text: %d bytes, suffix %q, valid %v", len(got), got[len(got)-8:], utf8.Valid(got))
	}
	l := starlark.NewList(nil)
	l.Append(l)
	if got := AppendArgsText(nil, starlark.Tuple{l}); len(got) > MaxArgsText+8 {
		t.Errorf("cyclic list text has %d bytes", len(got))
	}
}
