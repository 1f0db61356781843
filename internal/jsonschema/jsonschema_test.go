package jsonschema

import (
	"os"
	"strings"
	"testing"
)

const good = `{"@timestamp":"2026-11-28T07:00:00.123456Z","ecs.version":"8.17.0","event.kind":"event","event.category":["api"],"event.type":["allowed"],"event.outcome":"success","event.sequence":0,"event.action":"a","spython.decision":"allowed","spython.args":[1],"spython.args_text":"1","spython.location":"/s.star:3:5","log.origin.file.name":"/s.star","log.origin.file.line":3,"spython.run.id":"0123456789abcdef0123456789abcdef","spython.script.path":"/s.star","process.pid":7,"user.id":"1000","process.real_user.id":"1000","spython.policy":"production","spython.chain.alg":"sha256","spython.chain.prev":"","event.hash":"86a1187c273be45b9a1798d7cc5e05bdb2f95dfa7048c7163fe86b7f6cd1876f"}`

func recordSchema(t *testing.T) *Schema {
	data, err := os.ReadFile("../../docs/record.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	s, err := Compile(data)
	if err != nil {
		t.Fatalf("docs/record.schema.json: %v", err)
	}
	return s
}

func TestRecordSchema(t *testing.T) {
	s := recordSchema(t)
	if err := s.Validate([]byte(good)); err != nil {
		t.Fatalf("a good record fails: %v", err)
	}
	tests := []struct{ name, from, to, want string }{
		{"event.type a string", `"event.type":["allowed"]`, `"event.type":"allowed"`, "event.type: is string"},
		{"would_deny is not an ECS type", `"event.type":["allowed"]`, `"event.type":["would_deny"]`, "not one of"},
		{"numeric user.id", `"user.id":"1000"`, `"user.id":1000`, "user.id: is integer"},
		{"missing decision", `"spython.decision":"allowed",`, ``, "missing spython.decision"},
		{"denied without reason", `"spython.decision":"allowed"`, `"spython.decision":"denied"`, "missing event.reason"},
		{"unknown ECS field", `"event.kind":"event"`, `"event.kind":"event","event.severity":3`, "not in the schema"},
		{"spython.* extensions allowed", `"event.kind":"event"`, `"event.kind":"event","spython.extra":{"x":1}`, ""},
		{"bad timestamp", `07:00:00.123456Z`, `07:00:00.123Z`, "does not match"},
		{"location without origin", `"log.origin.file.name":"/s.star",`, ``, "without log.origin.file.name"},
		{"fractional sequence", `"event.sequence":0`, `"event.sequence":0.5`, "is number"},
		{"bad outcome", `"event.outcome":"success"`, `"event.outcome":"ok"`, "not one of"},
	}
	for _, tt := range tests {
		doc := strings.Replace(good, tt.from, tt.to, 1)
		if doc == good {
			t.Fatalf("%s: replacement did not apply", tt.name)
		}
		err := s.Validate([]byte(doc))
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: got %v, want an error containing %q", tt.name, err, tt.want)
		}
	}
}

func TestUnsupportedKeywordIsAnError(t *testing.T) {
	for _, doc := range []string{`{"oneOf":[]}`, `{"properties":{"a":{"format":"date-time"}}}`, `{"if":{}}`, `{"type":"float"}`, `[]`} {
		if _, err := Compile([]byte(doc)); err == nil {
			t.Errorf("Compile(%s) succeeded", doc)
		}
	}
}

func TestNoDuplicateNames(t *testing.T) {
	for _, tt := range []struct {
		doc string
		ok  bool
	}{
		{good, true},
		{`{"a":1,"b":{"a":2},"c":[{"a":1},{"a":2}]}`, true},
		{`{"a":1,"a":2}`, false},
		{`{"x":[{"k":1,"k":2}]}`, false},
		{`{"x":{"\u0041":1,"A":2}}`, false}, // equal after decoding
	} {
		if err := NoDuplicateNames([]byte(tt.doc)); (err == nil) != tt.ok {
			t.Errorf("NoDuplicateNames(%s) = %v", tt.doc, err)
		}
	}
}
