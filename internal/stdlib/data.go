package stdlib

import "go.starlark.net/starlark"

// addDataModules adds urllib (urllib.request), json, base64, hashlib, re
// and math.
func addDataModules(env *Env, d starlark.StringDict) {}
