package record

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
)

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

// Forward-secure sealing (docs/log-format.md, "Forward-secure key"). A
// forward-secure key file holds one line,
//
//	spython-fss-v1 EPOCH KEYHEX
//
// with EPOCH 20 decimal digits and KEYHEX 64 hex digits: the epoch key
// K_e. Every run that uses it takes epoch e, overwrites the file with
// K_{e+1} = HMAC-SHA256(K_e, "spython-fss evolve") and e+1, and chains its
// records with HMAC-SHA256 under ChainKey(K_e) = HMAC-SHA256(K_e,
// "spython-fss chain"). The step is one-way, so the key on disk after a
// run cannot recompute the key of any earlier epoch: a key stolen now
// cannot forge records sealed before. The verifier starts from the epoch-0
// key (the seed, kept off the host) and steps forward.
const fssMagic = "spython-fss-v1"

// FSSKeyLen is the size of a forward-secure key file.
const FSSKeyLen = len(fssMagic) + 1 + 20 + 1 + 64 + 1

// Key is a chain key as read from a key file.
type Key struct {
	// FSS marks a forward-secure key; Epoch and Secret are then its
	// epoch and epoch key. Otherwise Secret is a plain HMAC key, used
	// for every run unchanged.
	FSS    bool
	Epoch  uint64
	Secret []byte
}

// ParseKey reads a key file's bytes: a forward-secure key line, or any
// other bytes as a plain HMAC key (CheckKey).
func ParseKey(b []byte) (*Key, error) {
	if !strings.HasPrefix(string(b), fssMagic+" ") {
		if err := CheckKey(b); err != nil {
			return nil, err
		}
		return &Key{Secret: append([]byte(nil), b...)}, nil
	}
	f := strings.Fields(string(b))
	if len(b) != FSSKeyLen || len(f) != 3 || len(f[1]) != 20 || len(f[2]) != 64 || b[len(b)-1] != '\n' {
		return nil, fmt.Errorf("malformed %s key: want %q", fssMagic, fssMagic+" EPOCH(20 digits) KEY(64 hex)\\n")
	}
	e, err := strconv.ParseUint(f[1], 10, 64)
	if err != nil {
		return nil, fmt.Errorf("malformed %s key: epoch: %v", fssMagic, err)
	}
	s, err := hex.DecodeString(f[2])
	if err != nil {
		return nil, fmt.Errorf("malformed %s key: %v", fssMagic, err)
	}
	return &Key{FSS: true, Epoch: e, Secret: s}, nil
}

// NewFSSKey returns a fresh epoch-0 forward-secure key.
func NewFSSKey() (*Key, error) {
	s := make([]byte, sha256.Size)
	if _, err := rand.Read(s); err != nil {
		return nil, err
	}
	return &Key{FSS: true, Secret: s}, nil
}

// Marshal renders a forward-secure key file (always FSSKeyLen bytes, so
// that evolving overwrites the old key in place).
func (k *Key) Marshal() []byte {
	return []byte(fmt.Sprintf("%s %020d %x\n", fssMagic, k.Epoch, k.Secret))
}

// Next returns the key of the next epoch.
func (k *Key) Next() *Key {
	return &Key{FSS: true, Epoch: k.Epoch + 1, Secret: mac(k.Secret, "spython-fss evolve")}
}

// ChainKey returns the HMAC key records are chained with: the plain key,
// or, for a forward-secure key, the one derived from its epoch key.
func (k *Key) ChainKey() []byte {
	if !k.FSS {
		return k.Secret
	}
	return mac(k.Secret, "spython-fss chain")
}

// At returns the chain key of epoch e, stepping k forward. A forward-secure
// key cannot step back: an epoch before k's is an error. steps bounds the
// work (a forged epoch of 2^63 must not hang the verifier).
func (k *Key) At(e uint64, steps uint64) ([]byte, error) {
	if !k.FSS {
		return k.Secret, nil
	}
	if e < k.Epoch {
		return nil, fmt.Errorf("epoch %d is before the key's epoch %d: a forward-secure key cannot verify earlier epochs (use the epoch-0 key kept off the host)", e, k.Epoch)
	}
	if e-k.Epoch > steps {
		return nil, fmt.Errorf("epoch %d is %d steps after the key's epoch %d (limit %d)", e, e-k.Epoch, k.Epoch, steps)
	}
	s := k.Secret
	for i := k.Epoch; i < e; i++ {
		s = mac(s, "spython-fss evolve")
	}
	return mac(s, "spython-fss chain"), nil
}

// Step returns the forward-secure key of epoch e (e >= k.Epoch).
func (k *Key) Step(e uint64) *Key {
	n := &Key{FSS: true, Epoch: k.Epoch, Secret: k.Secret}
	for n.Epoch < e {
		n = n.Next()
	}
	return n
}

func mac(key []byte, label string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(label))
	return h.Sum(nil)
}
