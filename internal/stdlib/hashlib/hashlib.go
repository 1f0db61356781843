// Package hashlib is Python's hashlib: md5, sha1, sha224, sha256, sha384
// and sha512 over bytes (or a str, as its UTF-8 bytes) in memory. It
// raises no events: CPython's hashlib raises none.
package hashlib

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding"
	"encoding/hex"
	"hash"
	"strings"
	"unsafe"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/stdlib/core"
)

// hashAlgorithms are the constructors hashlib offers, by Python name.
var hashAlgorithms = map[string]func() hash.Hash{
	"md5":    md5.New,
	"sha1":   sha1.New,
	"sha224": sha256.New224,
	"sha256": sha256.New,
	"sha384": sha512.New384,
	"sha512": sha512.New,
}

// Module is the hashlib module.
func Module() starlark.Value {
	fns := map[string]core.Func{"new": hashlibNew}
	for name := range hashAlgorithms {
		fns[name] = hashlibConstructor(name)
	}
	return core.Module("hashlib", fns, nil)
}

// hashlibConstructor returns hashlib.NAME(data=b"", *, usedforsecurity=True).
func hashlibConstructor(name string) core.Func {
	return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var data starlark.Value = starlark.Bytes("")
		var forSecurity bool
		if err := core.Unpack(b.Name(), args, kwargs, "data?", &data, "usedforsecurity?", &forSecurity); err != nil {
			return nil, err
		}
		return newHashObj(b.Name(), name, data)
	}
}

// hashlib.new(name, data=b"", *, usedforsecurity=True)
func hashlibNew(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name string
	var data starlark.Value = starlark.Bytes("")
	var forSecurity bool
	if err := core.Unpack(b.Name(), args, kwargs, "name", &name, "data?", &data, "usedforsecurity?", &forSecurity); err != nil {
		return nil, err
	}
	key := strings.ReplaceAll(strings.ToLower(name), "-", "")
	if _, ok := hashAlgorithms[key]; !ok {
		return nil, core.Errorf("ValueError", "unsupported hash type %s", name)
	}
	return newHashObj(b.Name(), key, data)
}

func newHashObj(fn, name string, data starlark.Value) (*hashObj, error) {
	s, err := core.BytesOrStr(fn, "data", data)
	if err != nil {
		return nil, err
	}
	h := &hashObj{name: name, h: hashAlgorithms[name]()}
	hashWrite(h.h, s)
	return h, nil
}

// hashChunk bounds each Write to a hash. hashWrite passes the string's own
// bytes, never a copy: a hash.Hash, like any io.Writer, must neither modify
// nor keep the slice it is given. Copying through a buffer first was a
// memmove of every byte hashed.
const hashChunk = 64 << 10

// hashWrite feeds s to h.
func hashWrite(h hash.Hash, s string) {
	for len(s) > 0 {
		n := min(len(s), hashChunk)
		h.Write(unsafe.Slice(unsafe.StringData(s), n))
		s = s[n:]
	}
}

// hashObj is a hashlib hash object: update, digest, hexdigest, copy, name,
// digest_size, block_size.
type hashObj struct {
	name   string
	h      hash.Hash
	frozen bool
}

var _ starlark.HasAttrs = (*hashObj)(nil)

func (o *hashObj) String() string       { return "<" + o.name + " _hashlib.HASH object>" }
func (o *hashObj) Type() string         { return "_hashlib.HASH" }
func (o *hashObj) Freeze()              { o.frozen = true }
func (o *hashObj) Truth() starlark.Bool { return starlark.True }
func (o *hashObj) Hash() (uint32, error) {
	return 0, core.Errorf("TypeError", "unhashable type: '_hashlib.HASH'")
}

var hashMethods = map[string]core.Func{
	"update":    hashUpdate,
	"digest":    hashDigest,
	"hexdigest": hashHexdigest,
	"copy":      hashCopy,
}

func (o *hashObj) AttrNames() []string {
	return core.MethodNames(hashMethods, "block_size", "digest_size", "name")
}

func (o *hashObj) Attr(name string) (starlark.Value, error) {
	switch name {
	case "name":
		return starlark.String(o.name), nil
	case "digest_size":
		return starlark.MakeInt(o.h.Size()), nil
	case "block_size":
		return starlark.MakeInt(o.h.BlockSize()), nil
	}
	return core.Method(o, name, hashMethods), nil
}

func hashUpdate(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	o := b.Receiver().(*hashObj)
	var data starlark.Value
	if err := core.Unpack("update", args, kwargs, "data", &data); err != nil {
		return nil, err
	}
	s, err := core.BytesOrStr("update", "data", data)
	if err != nil {
		return nil, err
	}
	if o.frozen {
		return nil, core.Errorf("ValueError", "cannot update a frozen %s hash object", o.name)
	}
	hashWrite(o.h, s)
	return starlark.None, nil
}

func hashDigest(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := core.Unpack("digest", args, kwargs); err != nil {
		return nil, err
	}
	return starlark.Bytes(b.Receiver().(*hashObj).h.Sum(nil)), nil
}

func hashHexdigest(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := core.Unpack("hexdigest", args, kwargs); err != nil {
		return nil, err
	}
	return starlark.String(hex.EncodeToString(b.Receiver().(*hashObj).h.Sum(nil))), nil
}

func hashCopy(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := core.Unpack("copy", args, kwargs); err != nil {
		return nil, err
	}
	o := b.Receiver().(*hashObj)
	if c, ok := o.h.(hash.Cloner); ok {
		h, err := c.Clone()
		if err != nil {
			return nil, core.Errorf("ValueError", "copy %s hash: %v", o.name, err)
		}
		return &hashObj{name: o.name, h: h}, nil
	}
	// Every algorithm above can save and restore its state.
	state, err := o.h.(encoding.BinaryMarshaler).MarshalBinary()
	if err != nil {
		return nil, core.Errorf("ValueError", "copy %s hash: %v", o.name, err)
	}
	h := hashAlgorithms[o.name]()
	if err := h.(encoding.BinaryUnmarshaler).UnmarshalBinary(state); err != nil {
		return nil, core.Errorf("ValueError", "copy %s hash: %v", o.name, err)
	}
	return &hashObj{name: o.name, h: h}, nil
}
