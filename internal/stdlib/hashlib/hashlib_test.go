package hashlib

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"sort"
	"strings"
	"testing"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/stdlib/core/coretest"
)

// predeclared is hashlib as a script sees it.
func predeclared() starlark.StringDict { return starlark.StringDict{"hashlib": Module()} }

func TestHashlib(t *testing.T) {
	for _, c := range []struct{ expr, want string }{
		{`hashlib.sha256(b"abc").hexdigest()`, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{`hashlib.sha256(data=b"abc").hexdigest()`, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{`hashlib.md5().hexdigest()`, "d41d8cd98f00b204e9800998ecf8427e"},
		{`hashlib.sha1(b"abc").hexdigest()`, "a9993e364706816aba3e25717850c26c9cd0d89d"},
		{`hashlib.sha224(b"abc").hexdigest()`, "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7"},
		{`hashlib.sha384(b"abc").hexdigest()`, "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"},
		{`hashlib.sha512(b"abc").hexdigest()`, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"},
		// str is hashed as its UTF-8 bytes.
		{`hashlib.sha256("é").hexdigest()`, "4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c"},
		{`hashlib.new("SHA256", b"abc").hexdigest()`, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{`hashlib.new("sha-256", b"abc").hexdigest()`, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		// update() appends; digest() does not end the hash.
		{`[h.update(b"a"), h.update("bc"), h.hexdigest()][2] if True else None`, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{`[h.update(b"abc"), h.digest(), h.hexdigest()][2]`, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		// copy() is independent of the original.
		{`[h.update(b"ab"), h.copy(), h.update(b"c")][1].hexdigest()`, "fb8e20fc2e4c3f248c60c39bd652f3c1347298bb977b8b4d5903b85055620603"},
		{`len(hashlib.sha256().digest())`, "32"},
		{`(hashlib.sha1().name, hashlib.sha1().digest_size, hashlib.sha1().block_size)`, `("sha1", 20, 64)`},
		{`hashlib.new("whirlpool")`, "ValueError"},
		{`hashlib.sha256(1)`, "TypeError"},
		{`hashlib.sha256().update(None)`, "TypeError"},
	} {
		t.Run(c.expr, func(t *testing.T) {
			expr := strings.ReplaceAll(c.expr, "h.", "hh.")
			src := "hh = hashlib.sha256()\nresult = " + expr + "\n"
			g, err := starlark.ExecFileOptions(coretest.FileOptions, &starlark.Thread{}, "t.star", src, predeclared())
			got := ""
			switch {
			case err != nil:
				got = coretest.KindOf(err)
			default:
				if s, ok := g["result"].(starlark.String); ok {
					got = string(s)
				} else {
					got = g["result"].String()
				}
			}
			if got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
}

// A value larger than the copy buffer hashes as a whole, and a frozen
// hash object cannot be updated.
func TestHashlibLargeAndFrozen(t *testing.T) {
	data := strings.Repeat("0123456789abcdef", 3*hashChunk/16+5)
	sum := sha256.Sum256([]byte(data))
	h, err := newHashObj("hashlib.sha256", "sha256", starlark.Bytes(data))
	if err != nil {
		t.Fatal(err)
	}
	if got := hex.EncodeToString(h.h.Sum(nil)); got != hex.EncodeToString(sum[:]) {
		t.Errorf("large input: got %s, want %x", got, sum)
	}
	h.Freeze()
	upd, _ := h.Attr("update")
	if _, err := starlark.Call(&starlark.Thread{}, upd.(starlark.Callable), starlark.Tuple{starlark.Bytes("x")}, nil); coretest.KindOf(err) != "ValueError" {
		t.Errorf("update of a frozen hash: err = %v, want ValueError", err)
	}
}

// BenchmarkSha256 hashes 64 MiB through hashlib.sha256(data).hexdigest()
// as a script calls it; compare its MB/s with BenchmarkSha256Native
// (crypto/sha256 on a []byte, no Starlark).
func BenchmarkSha256(b *testing.B) {
	data := starlark.Bytes(strings.Repeat("spython!", 8<<20))
	mod := Module().(starlark.HasAttrs)
	ctor, _ := mod.Attr("sha256")
	thread := &starlark.Thread{}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for range b.N {
		h, err := starlark.Call(thread, ctor.(starlark.Callable), starlark.Tuple{data}, nil)
		if err != nil {
			b.Fatal(err)
		}
		hexd, _ := h.(starlark.HasAttrs).Attr("hexdigest")
		if _, err := starlark.Call(thread, hexd.(starlark.Callable), nil, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSha256Native(b *testing.B) {
	data := []byte(strings.Repeat("spython!", 8<<20))
	b.SetBytes(int64(len(data)))
	for range b.N {
		sha256.Sum256(data)
	}
}

// dir() of a hash object lists its methods and attributes, sorted.
func TestHashObjAttrNames(t *testing.T) {
	h, err := newHashObj("hashlib.sha256", "sha256", starlark.Bytes(""))
	if err != nil {
		t.Fatal(err)
	}
	names := h.AttrNames()
	if !sort.StringsAreSorted(names) {
		t.Errorf("AttrNames %q not sorted", names)
	}
	for _, n := range names {
		if v, err := h.Attr(n); err != nil || v == nil {
			t.Errorf("Attr(%q) = %v, %v", n, v, err)
		}
	}
	for m := range hashMethods {
		if !slices.Contains(names, m) {
			t.Errorf("AttrNames %q lacks method %s", names, m)
		}
	}
}
