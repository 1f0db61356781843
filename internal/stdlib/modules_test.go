package stdlib

import "go.starlark.net/starlark"

// addSystemModules and addDataModules make one half of the library, for
// tests of that half.
func addSystemModules(env *Env, d starlark.StringDict) {
	b := map[string]func() starlark.Value{}
	systemBuilders(env, b)
	buildInto(d, b)
}

func addDataModules(env *Env, d starlark.StringDict) {
	b := map[string]func() starlark.Value{}
	dataBuilders(env, b)
	buildInto(d, b)
}
