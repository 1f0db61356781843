package launcher

import (
	"encoding/hex"
	"testing"
)

// TestNewRunID: 16 random bytes in hex, different on every call (the
// direct system call must fill the whole buffer).
func TestNewRunID(t *testing.T) {
	seen := map[string]bool{}
	for range 64 {
		id := newRunID()
		b, err := hex.DecodeString(id)
		if err != nil || len(b) != 16 {
			t.Fatalf("newRunID() = %q: want 32 hex digits (%v)", id, err)
		}
		if b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] == 0 && b[0] == 0 && b[1] == 0 {
			t.Fatalf("newRunID() = %q: looks unfilled", id)
		}
		if seen[id] {
			t.Fatalf("newRunID() repeated %q", id)
		}
		seen[id] = true
	}
}
