package policy

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"

	"github.com/spython-dev/spython/internal/trusted"
)

// CompiledIn returns the policy compiled into this binary. It was parsed
// at build time (compiledin_*.go, see generate.go); validating it again is
// cheap and keeps the binary fail-closed should the literal and the rules
// ever disagree.
func CompiledIn() (*Policy, error) {
	p := compiledInPolicy()
	if err := p.validate(); err != nil {
		return nil, fmt.Errorf("compiled-in policy %q: %w", p.Name, err)
	}
	p.index()
	return p, nil
}

// SystemStatus says what became of the system policy.
type SystemStatus string

const (
	SystemAbsent   SystemStatus = "absent"
	SystemApplied  SystemStatus = "applied"
	SystemIgnored  SystemStatus = "ignored"
	SystemDisabled SystemStatus = "disabled"
)

// maxSystemPolicy bounds the system policy file.
const maxSystemPolicy = 1 << 20

// Effective returns the compiled-in policy tightened by the system policy
// when one is installed and trustworthy. A present but untrustworthy file
// (not root-owned, writable by group or others, a symlink, not regular) is
// ignored with a reason, which the caller logs; a trustworthy file that does
// not parse or tries to loosen the policy is an error, because the operator
// meant something by it and running without it would fail open.
func Effective() (*Policy, SystemStatus, string, error) {
	base, err := CompiledIn()
	if err != nil {
		return nil, "", "", err
	}
	return base.WithSystem()
}

// WithSystem applies the system policy named by p.SystemPolicy.
func (p *Policy) WithSystem() (*Policy, SystemStatus, string, error) {
	if p.SystemPolicy == "" {
		return p, SystemDisabled, "", nil
	}
	data, status, why, err := readTrusted(p.SystemPolicy)
	if err != nil || status != SystemApplied {
		return p, status, why, err
	}
	sys, err := Parse(data)
	if err != nil {
		return nil, "", "", fmt.Errorf("system policy %s: %w", p.SystemPolicy, err)
	}
	t, err := p.Tighten(sys)
	if err != nil {
		return nil, "", "", fmt.Errorf("system policy %s: %w", p.SystemPolicy, err)
	}
	return t, SystemApplied, "", nil
}

// readTrusted reads a file only if it is a regular, root-owned file that
// group and others cannot write. It reads from the descriptor it checked.
func readTrusted(path string) ([]byte, SystemStatus, string, error) {
	data, err := trusted.Read(path, trusted.Rules{RootOwned: true, Forbidden: 0o022, MaxSize: maxSystemPolicy})
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, SystemAbsent, "", nil
	case err != nil:
		return nil, SystemIgnored, err.Error(), nil
	}
	return data, SystemApplied, "", nil
}

// Tighten returns p restricted by t. t may only tighten: it adds deny rules,
// narrows the names, extensions and sizes, raises the integrity mode, adds
// sinks and lowers limits. Fields that would loosen (report-only, script
// hooks, the module path) are errors. It may also set the log directory
// (spec amendment 1): where the logs go is root's decision, and the system
// policy is root's file, so moving them is not a loosening; the per-user
// layout of a log directory (package logplace) keeps users apart there.
func (p *Policy) Tighten(t *Policy) (*Policy, error) {
	switch {
	case t.ReportOnly && !p.ReportOnly:
		return nil, errors.New("may only tighten: report_only cannot be turned on")
	case t.AllowScriptHooks && !p.AllowScriptHooks:
		return nil, errors.New("may only tighten: allow_script_hooks cannot be turned on")
	case len(t.ModulePath) > 0:
		return nil, errors.New("may only tighten: module_path cannot be extended")
	}
	out := *p
	out.Name = p.Name + "+" + t.Name
	out.ReportOnly = p.ReportOnly && t.ReportOnly
	out.Deny = append(slices.Clip(p.Deny), t.Deny...)
	out.Predeclared.Deny = append(slices.Clip(p.Predeclared.Deny), t.Predeclared.Deny...)
	switch {
	case len(p.Predeclared.Allow) == 0:
		out.Predeclared.Allow = t.Predeclared.Allow
	case len(t.Predeclared.Allow) > 0:
		out.Predeclared.Allow = intersect(p.Predeclared.Allow, t.Predeclared.Allow)
		if len(out.Predeclared.Allow) == 0 {
			out.Predeclared.Deny = append(out.Predeclared.Deny, p.Predeclared.Allow...)
		}
	}
	out.OpenCode.Extensions = intersect(p.OpenCode.Extensions, t.OpenCode.Extensions)
	if len(out.OpenCode.Extensions) == 0 {
		return nil, errors.New("may only tighten: no extension left that both policies accept")
	}
	out.OpenCode.MaxSize = min(p.OpenCode.MaxSize, t.OpenCode.MaxSize)
	if modeRank(t.OpenCode.Integrity.Mode) > modeRank(p.OpenCode.Integrity.Mode) {
		out.OpenCode.Integrity = t.OpenCode.Integrity
	}
	if t.Log.Dir != "" {
		out.Log.Dir = t.Log.Dir
	}
	// Redaction is about the log's readers, not the script: root's file
	// may extend the lists or turn it off (spec amendment 3).
	out.Log.Redact = Redact{
		Off:     p.Log.Redact.Off || t.Log.Redact.Off,
		Headers: append(slices.Clip(p.Log.Redact.Headers), t.Log.Redact.Headers...),
		Env:     append(slices.Clip(p.Log.Redact.Env), t.Log.Redact.Env...),
	}
	out.Log.Sinks = append(slices.Clip(p.Log.Sinks), t.Log.Sinks...)
	out.Log.AnchorEvery = minPositive(p.Log.AnchorEvery, t.Log.AnchorEvery)
	out.Log.SyncEvery = minPositive(p.Log.SyncEvery, t.Log.SyncEvery)
	out.Log.SyncInterval = Duration(minPositive(int64(p.Log.SyncInterval), int64(t.Log.SyncInterval)))
	if t.Log.HMACKeyFile != "" && p.Log.HMACKeyFile == "" {
		out.Log.HMACKeyFile = t.Log.HMACKeyFile
	}
	out.Limits = Limits{
		Steps:       minPositive(p.Limits.Steps, t.Limits.Steps),
		WallTime:    Duration(minPositive(int64(p.Limits.WallTime), int64(t.Limits.WallTime))),
		MemoryMB:    minPositive(p.Limits.MemoryMB, t.Limits.MemoryMB),
		OutputSize:  minPositive(p.Limits.OutputSize, t.Limits.OutputSize),
		ExtractSize: minPositive(p.Limits.ExtractSize, t.Limits.ExtractSize),
	}
	out.Sandbox = p.Sandbox.tighten(t.Sandbox)
	out.index()
	return &out, nil
}

func intersect(a, b []string) []string {
	var out []string
	for _, x := range a {
		if slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

func modeRank(m string) int {
	switch m {
	case ModeAudit:
		return 1
	case ModeEnforce:
		return 2
	}
	return 0
}

// minPositive treats zero as "no limit".
func minPositive[T int | int64 | uint64](a, b T) T {
	switch {
	case a <= 0:
		return b
	case b <= 0:
		return a
	}
	return min(a, b)
}
