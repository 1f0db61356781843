package record

import "fmt"

// Key length bounds for the chain key. The key is a key file's bytes
// verbatim (no trimming, so a random binary key and a text key are both
// read the same way by spython and the verifier).
const (
	MinKeyLen = 16
	MaxKeyLen = 4096
)

// CheckKey validates a chain key read from a key file.
func CheckKey(key []byte) error {
	if len(key) < MinKeyLen {
		return fmt.Errorf("key is %d bytes, want at least %d", len(key), MinKeyLen)
	}
	if len(key) > MaxKeyLen {
		return fmt.Errorf("key is larger than %d bytes", MaxKeyLen)
	}
	return nil
}
