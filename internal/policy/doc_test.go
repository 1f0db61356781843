package policy

import (
	"os"
	"strings"
	"testing"
)

// TestDocumentedPolicyParses keeps the full example in docs/policy.md a
// policy that spython accepts.
func TestDocumentedPolicyParses(t *testing.T) {
	data, err := os.ReadFile("../../docs/policy.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	start := strings.Index(doc, "```json\n{")
	if start < 0 {
		t.Fatal("docs/policy.md has no ```json example")
	}
	body := doc[start+len("```json\n"):]
	body = body[:strings.Index(body, "```")]
	p, err := Parse([]byte(body))
	if err != nil {
		t.Fatalf("the documented policy does not parse: %v", err)
	}
	if p.Decide("os.system", nil).Verdict != Deny || p.AllowsName("subprocess") {
		t.Error("the documented policy does not do what the text says")
	}
}
