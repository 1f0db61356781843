package launcher

import (
	"github.com/spython-dev/spython/internal/integrity"
	"github.com/spython-dev/spython/internal/interp"
	"github.com/spython-dev/spython/internal/policy"
)

// verifier returns the integrity verifier the policy configures: nil when
// integrity is off and the process's securebits do not ask for the
// kernel's exec check. A verifier whose configuration cannot be loaded
// (missing or badly signed manifest) still comes back: it refuses every
// file with that error as the reason, so enforce mode fails closed and
// audit mode logs the problem as would_deny on every file.
func verifier(p *policy.Policy) interp.Verifier {
	in := p.OpenCode.Integrity
	bits, _ := integrity.Securebits()
	if !integrity.Needed(in, bits) {
		return nil
	}
	v, _ := integrity.New(in) // the error is carried by v's refusals
	return v
}
