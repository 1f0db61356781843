package launcher

import (
	"io"

	"github.com/spython-dev/spython/internal/audit"
	"github.com/spython-dev/spython/internal/policy"
)

// openNatives opens the native sinks the policy names.
func openNatives(p *policy.Policy, stderr io.Writer) []audit.Native { return nil }

// hmacKey reads the chain key named by the policy, if any.
func hmacKey(p *policy.Policy, stderr io.Writer) []byte { return nil }
