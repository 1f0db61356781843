package stdlib

import "go.starlark.net/starlark"

// addSystemModules and addDataModules make one half of the library, for
// tests of that half.
func addSystemModules(env *Env, d starlark.StringDict) {
	b := map[string]func() starlark.Value{}
	systemBuilders(env, b)
	buildInto(d, b)
}

// dataModuleNames are the data half: urllib, base64, hashlib and math
// (data.go) and json and re (their own packages, modules.go).
var dataModuleNames = []string{"urllib", "json", "base64", "hashlib", "re", "math"}

func addDataModules(env *Env, d starlark.StringDict) {
	b := Builders(env)
	for _, name := range dataModuleNames {
		d[name] = b[name]()
	}
}
