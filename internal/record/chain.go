package record

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"hash"
)

// Chain algorithms, as written to spython.chain.alg.
const (
	AlgHMAC   = "hmac-sha256"
	AlgSHA256 = "sha256"
	// AlgFSS is HMAC-SHA256 under a forward-secure epoch key (Key); the
	// run's first record names the epoch in spython.chain.epoch.
	AlgFSS = "hmac-sha256-fss"
)

// FieldChainEpoch names the forward-secure epoch on a run's first record.
const FieldChainEpoch = "spython.chain.epoch"

// Chain computes event.hash values. Each value is
//
//	HMAC-SHA256(key, previous ‖ record)   with a key
//	SHA-256(previous ‖ record)            without one
//
// where previous is the previous record's event.hash as 64 lowercase hex
// characters (empty for the first record of a new file) and record is the
// record's bytes from its opening '{' up to and including the ',' before
// "event.hash".
type Chain struct {
	h    hash.Hash
	alg  string
	head [64]byte
	n    int // len of head in use: 0 or 64
	sum  [sha256.Size]byte
	// epoch is the forward-secure epoch (alg AlgFSS).
	epoch uint64
}

// NewFSSChain starts a chain sealed with a forward-secure key's epoch: the
// key must be the epoch's chain key (Key.ChainKey).
func NewFSSChain(chainKey []byte, epoch uint64, prev string) *Chain {
	c := NewChain(chainKey, prev)
	c.alg, c.epoch = AlgFSS, epoch
	return c
}

// Epoch returns the forward-secure epoch, and false for other algorithms.
func (c *Chain) Epoch() (uint64, bool) { return c.epoch, c.alg == AlgFSS }

// NewChain starts a chain after prev (a hex event.hash, or "" for none).
// A nil or empty key selects plain SHA-256.
func NewChain(key []byte, prev string) *Chain {
	c := &Chain{}
	if len(key) > 0 {
		c.h, c.alg = hmac.New(sha256.New, key), AlgHMAC
	} else {
		c.h, c.alg = sha256.New(), AlgSHA256
	}
	if len(prev) == len(c.head) {
		c.n = copy(c.head[:], prev)
	}
	return c
}

// SetHead makes prev (a hex event.hash, or "") the value the next record
// chains from. Concurrent runs appending to one log chain each record from
// the file's last record, read under the append lock (audit.Logger).
func (c *Chain) SetHead(prev []byte) {
	c.n = 0
	if len(prev) == len(c.head) {
		c.n = copy(c.head[:], prev)
	}
}

// Alg names the algorithm.
func (c *Chain) Alg() string { return c.alg }

// Head returns the last hash value ("" before the first record of a new file).
func (c *Chain) Head() string { return string(c.head[:c.n]) }

// Seal hashes b[start:] after the head, appends the event.hash field, the
// closing brace and a newline, and makes the new hash the head.
func (c *Chain) Seal(b []byte, start int) []byte {
	c.h.Reset()
	c.h.Write(c.head[:c.n])
	c.h.Write(b[start:])
	c.h.Sum(c.sum[:0])
	hex.Encode(c.head[:], c.sum[:])
	c.n = len(c.head)
	b = append(b, `"`+FieldHash+`":"`...)
	b = append(b, c.head[:]...)
	return append(b, "\"}\n"...)
}

// Sum computes one link without changing c: the value a record would get
// after prev. The verifier uses it.
func Sum(key []byte, prev string, rec []byte) string {
	var h hash.Hash
	if len(key) > 0 {
		h = hmac.New(sha256.New, key)
	} else {
		h = sha256.New()
	}
	h.Write([]byte(prev))
	h.Write(rec)
	return hex.EncodeToString(h.Sum(nil))
}
