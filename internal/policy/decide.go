package policy

import (
	"path"
	"strconv"
	"strings"

	"go.starlark.net/starlark"
)

// Verdict is the outcome of a decision.
type Verdict uint8

const (
	Allow     Verdict = iota // the event proceeds
	Deny                     // the event fails and its operation does not happen
	WouldDeny                // report-only mode: logged as a denial, proceeds
)

// String returns the verdict as written to spython.decision.
func (v Verdict) String() string {
	switch v {
	case Deny:
		return "denied"
	case WouldDeny:
		return "would_deny"
	}
	return "allowed"
}

// Decision is a verdict with the rule that produced it.
type Decision struct {
	Verdict Verdict
	Reason  string // empty when allowed
}

// Intrinsic events are decided by spython itself, not by the policy
// document, and report-only mode does not soften them: open_code refusals
// (bytecode, wrong file type) and code integrity failures.
const (
	EventOpenCode         = "spython.open_code"
	EventIntegrityFailure = "spython.code_integrity_failure"
	EventImport           = "import"
	EventReference        = "spython.reference"
	// EventSandboxDenied (function, error) follows an operation the policy
	// allowed but the self-sandbox (Landlock) refused.
	EventSandboxDenied = "spython.sandbox_denied"
	// EventReserved (event) is a script's sys.audit of a spython.* name.
	EventReserved = "spython.reserved_event"
)

// IntegrityReasonPrefix starts the reason of every failure found by an
// integrity backend (as opposed to a basic open_code refusal).
const IntegrityReasonPrefix = "integrity: "

// Decide returns the decision for one audit event. It does not allocate on
// the allowed path, which is the hot path.
func (p *Policy) Decide(event string, args starlark.Tuple) Decision {
	if d, ok := p.intrinsic(event, args); ok {
		return d
	}
	if idx, ok := p.byEvent[event]; ok {
		for _, i := range idx {
			if p.Deny[i].matchArgs(args) {
				return p.deny(p.Deny[i].Reason)
			}
		}
	}
	for _, i := range p.globs {
		r := &p.Deny[i]
		if ok, _ := path.Match(r.Event, event); ok && r.matchArgs(args) {
			return p.deny(r.Reason)
		}
	}
	return Decision{}
}

func (p *Policy) deny(reason string) Decision {
	if p.ReportOnly {
		return Decision{Verdict: WouldDeny, Reason: reason}
	}
	return Decision{Verdict: Deny, Reason: reason}
}

func (p *Policy) intrinsic(event string, args starlark.Tuple) (Decision, bool) {
	switch event {
	case EventOpenCode:
		if len(args) == 2 && args[1] == starlark.False {
			return Decision{Verdict: Deny, Reason: "open_code: refused"}, true
		}
	case EventIntegrityFailure:
		reason := "open_code: integrity"
		if len(args) == 2 {
			if s, ok := args[1].(starlark.String); ok {
				reason = "open_code: " + string(s)
			}
		}
		// Only verification failures are softened by audit mode; a file of
		// the wrong type, size or extension, or bytecode, is always refused.
		if p.OpenCode.Integrity.Mode == ModeAudit && strings.HasPrefix(reason, "open_code: "+IntegrityReasonPrefix) {
			return Decision{Verdict: WouldDeny, Reason: reason}, true
		}
		return Decision{Verdict: Deny, Reason: reason}, true
	case EventReserved:
		return Decision{Verdict: Deny, Reason: "reserved: scripts cannot raise spython.* events"}, true
	case EventSandboxDenied:
		// The kernel (Landlock) already refused: logged as a denial even
		// in report-only mode, because the operation did not happen.
		return Decision{Verdict: Deny, Reason: "sandbox: the kernel refused the operation"}, true
	case EventImport, EventReference:
		// A predeclared module or name the policy does not allow. For
		// import (module, path) from load(), the module is a file and is
		// judged by open_code instead.
		if len(args) == 2 && args[1] == starlark.None {
			if name, ok := args[0].(starlark.String); ok && !p.AllowsName(string(name)) {
				return Decision{Verdict: Deny, Reason: "predeclared: " + string(name) + " is not allowed by policy " + p.Name}, true
			}
		}
	}
	return Decision{}, false
}

// matchArgs reports whether the rule's argument patterns match args. A rule
// with more patterns than the event has arguments does not match.
func (r *Rule) matchArgs(args starlark.Tuple) bool {
	if len(r.Args) > len(args) {
		return false
	}
	for i, pat := range r.Args {
		if !ArgMatches(pat, args[i]) {
			return false
		}
	}
	return true
}

// ArgMatches reports whether one argument matches one pattern:
//
//	"*"      anything
//	"null"   None          "!null"  anything but None
//	"true"   True          "false"  False
//	other    a path.Match glob against a str argument or an int's decimal form
func ArgMatches(pat string, v starlark.Value) bool {
	switch pat {
	case "*":
		return true
	case "null":
		return v == starlark.None
	case "!null":
		return v != starlark.None
	case "true":
		return v == starlark.True
	case "false":
		return v == starlark.False
	}
	var s string
	switch v := v.(type) {
	case starlark.String:
		s = string(v)
	case starlark.Int:
		i, ok := v.Int64()
		if !ok {
			return false
		}
		s = strconv.FormatInt(i, 10)
	default:
		return false
	}
	ok, _ := path.Match(pat, s)
	return ok
}
