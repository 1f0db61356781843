//go:build !spython_dev && !spython_site

package policy

import _ "embed"

//go:embed builtin/production.json
var compiledIn []byte
