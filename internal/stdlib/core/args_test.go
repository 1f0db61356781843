package core

import (
	"math"
	"testing"
	"time"

	"go.starlark.net/starlark"
)

func TestPlainQuote(t *testing.T) {
	for s, want := range map[string]string{
		`abc`:     `'abc'`,
		`it's`:    `"it's"`,
		`'"`:      `'\'"'`,
		`a\b`:     `'a\b'`, // unlike Quote, no escape but the quote's
		"a\nb":    "'a\nb'",
		``:        `''`,
		`say "x"`: `'say "x"'`,
	} {
		if got := PlainQuote(s); got != want {
			t.Errorf("PlainQuote(%q) = %s, want %s", s, got, want)
		}
	}
}

func TestSecondsToDuration(t *testing.T) {
	for _, tc := range []struct {
		secs float64
		want time.Duration
	}{
		{-1, 0}, {0, 0}, {1.5, 1500 * time.Millisecond}, {1e300, math.MaxInt64}, {math.Inf(1), math.MaxInt64},
	} {
		if got := SecondsToDuration(tc.secs); got != tc.want {
			t.Errorf("SecondsToDuration(%v) = %v, want %v", tc.secs, got, tc.want)
		}
	}
}

func TestAliasKwarg(t *testing.T) {
	kw := []starlark.Tuple{{starlark.String("a"), starlark.MakeInt(1)}, {starlark.String("fmt"), starlark.String("%Y")}}
	got := AliasKwarg(kw, "fmt", "format")
	if got[1][0] != starlark.String("format") || got[1][1] != starlark.String("%Y") || got[0][0] != starlark.String("a") {
		t.Errorf("AliasKwarg = %v", got)
	}
	if kw[1][0] != starlark.String("fmt") {
		t.Errorf("AliasKwarg changed its argument: %v", kw)
	}
	if got := AliasKwarg(kw[:1], "fmt", "format"); len(got) != 1 || got[0][0] != starlark.String("a") {
		t.Errorf("AliasKwarg without the name = %v", got)
	}
}

func TestBytesOrStr(t *testing.T) {
	if s, err := BytesOrStr("f", "data", starlark.Bytes("ab")); s != "ab" || err != nil {
		t.Errorf("bytes: %q, %v", s, err)
	}
	if s, err := BytesOrStr("f", "data", starlark.String("é")); s != "é" || err != nil {
		t.Errorf("str: %q, %v", s, err)
	}
	if _, err := BytesOrStr("f", "data", starlark.MakeInt(1)); err == nil || err.Error() != "TypeError: f() argument 'data' must be bytes or str, not int" {
		t.Errorf("int: %v", err)
	}
}

func TestNamedTuple(t *testing.T) {
	nt := NewNamedTuple("usage", []string{"total", "used"}, starlark.MakeInt(3), starlark.MakeInt(1))
	if got := nt.String(); got != "usage(total=3, used=1)" {
		t.Errorf("String = %s", got)
	}
	if v, _ := nt.Attr("used"); v != starlark.MakeInt(1) {
		t.Errorf("used = %v", v)
	}
	if v, _ := nt.Attr("free"); v != nil {
		t.Errorf("free = %v, want nil", v)
	}
	if nt.Type() != "usage" || nt.Len() != 2 {
		t.Errorf("Type %s, Len %d", nt.Type(), nt.Len())
	}
}
