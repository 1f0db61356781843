//go:build spython_site

package policy

import _ "embed"

// site/policy.json is copied there by `make POLICY=file`; it is not in git.
//
//go:embed site/policy.json
var compiledIn []byte
