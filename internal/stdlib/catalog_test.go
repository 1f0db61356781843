package stdlib

import (
	"sort"
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/spython-dev/spython/internal/stdlib/core"
)

// callables lists every predeclared callable by dotted name.
func callables(prefix string, d starlark.StringDict, out map[string]bool) {
	for name, v := range d {
		switch v := v.(type) {
		case *starlarkstruct.Module:
			callables(prefix+name+".", v.Members, out)
		case *core.Class:
			// A class is callable and has class methods (datetime.datetime.now).
			out[prefix+name] = true
			callables(prefix+name+".", v.Members, out)
		case starlark.Callable:
			out[prefix+name] = true
		}
	}
}

// Every callable the library provides is catalogued, in exactly one of
// Events and Pure, and the catalog names nothing that does not exist.
func TestCatalogCoversModules(t *testing.T) {
	got := map[string]bool{}
	callables("", Modules(&Env{}), got)
	var names []string
	for n := range got {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		_, ev := Events[n]
		_, pure := Pure[n]
		if ev == pure {
			t.Errorf("%s: in Events %v, in Pure %v; want exactly one", n, ev, pure)
		}
	}
	for n := range Events {
		if !got[n] {
			t.Errorf("Events lists %s, which is not provided", n)
		}
		if len(Events[n]) == 0 {
			t.Errorf("Events[%s] is empty; list it in Pure instead", n)
		}
	}
	for n, why := range Pure {
		if !got[n] {
			t.Errorf("Pure lists %s, which is not provided", n)
		}
		if why == "" {
			t.Errorf("Pure[%s] has no reason", n)
		}
	}
}
