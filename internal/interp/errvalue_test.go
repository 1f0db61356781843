package interp

import (
	"fmt"
	"io/fs"
	"os"
	"syscall"
	"testing"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/pyerr"
)

// An OSError's value has CPython's errno, strerror, filename and
// filename2 (None where CPython's would be); other errors have none of
// them (AttributeError, as in Python).
func TestErrorValueOSFields(t *testing.T) {
	none := starlark.None
	str := func(s string) starlark.Value { return starlark.String(s) }
	tests := []struct {
		name string
		err  error
		want map[string]starlark.Value // nil: not an OSError
	}{
		{"path", &pyerr.Error{Kind: "FileNotFoundError", Msg: "[Errno 2] No such file or directory: 'a: b'", Err: &fs.PathError{Op: "open", Path: "a: b", Err: syscall.ENOENT}},
			map[string]starlark.Value{"errno": starlark.MakeInt(2), "strerror": str("No such file or directory"), "filename": str("a: b"), "filename2": none}},
		{"link", &pyerr.Error{Kind: "FileExistsError", Msg: "[Errno 17] File exists: 'a' -> 'b'", Err: &os.LinkError{Op: "symlink", Old: "a", New: "b", Err: syscall.EEXIST}},
			map[string]starlark.Value{"errno": starlark.MakeInt(17), "strerror": str("File exists"), "filename": str("a"), "filename2": str("b")}},
		{"message only", pyerr.New("gaierror", "[Errno -2] Name or service not known"),
			map[string]starlark.Value{"errno": starlark.MakeInt(-2), "strerror": str("Name or service not known"), "filename": none, "filename2": none}},
		{"no errno", pyerr.New("URLError", "<urlopen error timed out>"),
			map[string]starlark.Value{"errno": none, "strerror": none, "filename": none, "filename2": none}},
		{"wrapped", fmt.Errorf("in f: %w", pyerr.New("PermissionError", "[Errno 13] Permission denied")),
			map[string]starlark.Value{"errno": starlark.MakeInt(13), "strerror": str("Permission denied"), "filename": none}},
		{"not an OSError", pyerr.New("ValueError", "invalid literal for int() with base 10: 'x'"), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := newErrorValueOf(tc.err)
			if tc.want == nil {
				if got, _ := v.Attr("errno"); got != nil || len(v.AttrNames()) != 2 {
					t.Errorf("a %s has errno %v, attrs %v", v.kind, got, v.AttrNames())
				}
				return
			}
			for name, want := range tc.want {
				got, err := v.Attr(name)
				if err != nil || got == nil {
					t.Errorf(".%s missing (%v)", name, err)
					continue
				}
				if eq, _ := starlark.Equal(got, want); !eq {
					t.Errorf(".%s = %v, want %v", name, got, want)
				}
			}
		})
	}
}
