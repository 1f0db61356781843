package errno

import (
	"encoding/json"
	"os"
	"strconv"
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"golang.org/x/sys/unix"

	"github.com/spython-dev/spython/internal/stdlib/core"
)

// cpython is testdata/errno.json, written by testdata/gen.py under CPython
// 3.11 on Linux.
type cpython struct {
	Names     map[string]int    `json:"names"`
	Errorcode map[string]string `json:"errorcode"`
	Strerror  map[string]string `json:"strerror"`
}

func load(t *testing.T) cpython {
	t.Helper()
	data, err := os.ReadFile("testdata/errno.json")
	if err != nil {
		t.Fatal(err)
	}
	var c cpython
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// Every name and errorcode entry of CPython's module, and nothing else.
func TestModuleMatchesCPython(t *testing.T) {
	want := load(t)
	m := Module().(*starlarkstruct.Module)
	for name, v := range want.Names {
		got, ok := m.Members[name]
		if !ok {
			t.Errorf("errno.%s missing", name)
			continue
		}
		if n, _ := starlark.AsInt32(got); n != v {
			t.Errorf("errno.%s = %v, CPython %d", name, got, v)
		}
	}
	for name := range m.Members {
		if _, ok := want.Names[name]; !ok && name != "errorcode" {
			t.Errorf("errno.%s is not in CPython's module", name)
		}
	}
	ec := m.Members["errorcode"].(*starlark.Dict)
	if ec.Len() != len(want.Errorcode) {
		t.Errorf("len(errorcode) = %d, CPython %d", ec.Len(), len(want.Errorcode))
	}
	for code, name := range want.Errorcode {
		n, _ := strconv.Atoi(code)
		got, found, _ := ec.Get(starlark.MakeInt(n))
		if !found || got != starlark.String(name) {
			t.Errorf("errorcode[%d] = %v, CPython %q", n, got, name)
		}
	}
}

// core.Strerror, from which every OSError's message and strerror come,
// gives C's strerror(3) as CPython's os.strerror does.
func TestStrerrorMatchesCPython(t *testing.T) {
	for code, want := range load(t).Strerror {
		n, _ := strconv.Atoi(code)
		if got := core.Strerror(unix.Errno(n)); got != want {
			t.Errorf("Strerror(%d) = %q, CPython %q", n, got, want)
		}
	}
}
