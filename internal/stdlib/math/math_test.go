package mathmod

import (
	"testing"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/stdlib/core/coretest"
)

// math is go.starlark.net/lib/math's module, under the name math.
func TestMath(t *testing.T) {
	d := starlark.StringDict{"math": Module()}
	for _, c := range []struct{ expr, want string }{
		{`math.sqrt(16)`, "4.0"},
		{`math.floor(2.5)`, "2"},
		{`math.ceil(2.5)`, "3"},
		{`math.pow(2, 10)`, "1024.0"},
		{`math.pi > 3.14159 and math.pi < 3.1416`, "True"},
		{`math.log(math.e)`, "1.0"},
	} {
		if got := coretest.Eval(d, "", c.expr); got != c.want {
			t.Errorf("%s = %s, want %s", c.expr, got, c.want)
		}
	}
}
