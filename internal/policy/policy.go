package policy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strings"
	"time"
)

// Policy is the parsed, validated form of a policy document.
type Policy struct {
	// Name identifies the policy in the log ("production", "developer", a site name).
	Name string `json:"name"`
	// ReportOnly logs every would-be denial as "would_deny" and lets the
	// operation proceed.
	ReportOnly bool `json:"report_only"`
	// AllowScriptHooks lets scripts add audit hooks with sys.addaudithook
	// (developer build). The launcher's hooks always run first.
	AllowScriptHooks bool `json:"allow_script_hooks"`
	// Deny lists the rules that deny events; the first matching rule decides.
	Deny []Rule `json:"deny"`
	// Predeclared restricts the predeclared names and modules scripts may use.
	Predeclared Names `json:"predeclared"`
	// OpenCode says which files may run.
	OpenCode OpenCode `json:"open_code"`
	// Log says where records go.
	Log Log `json:"log"`
	// Limits are the resource limits of a run; zero means unlimited.
	Limits Limits `json:"limits"`
	// Sandbox configures self-sandboxing (no_new_privs, Landlock); the zero
	// value restricts nothing.
	Sandbox Sandbox `json:"sandbox,omitzero"`
	// ModulePath lists extra absolute directories load() searches after the
	// loading file's own directory.
	ModulePath []string `json:"module_path"`
	// SystemPolicy is the one absolute path at which a site may install a
	// tightening policy. Empty disables it.
	SystemPolicy string `json:"system_policy"`

	byEvent map[string][]int // event name → indexes into Deny
	globs   []int            // rules whose event is a pattern
}

// Rule denies an event. Event is an exact event name or a path.Match
// pattern ("os.*"). Args, when present, must match the event's leading
// arguments position by position (see ArgPattern).
type Rule struct {
	Event  string   `json:"event"`
	Args   []string `json:"args,omitempty"`
	Reason string   `json:"reason"`
}

// Names restricts predeclared names. Deny wins over Allow; an empty Allow
// means every known name.
type Names struct {
	Allow []string `json:"allow,omitempty"`
	Deny  []string `json:"deny,omitempty"`
}

// OpenCode configures the single path through which code is read.
type OpenCode struct {
	Extensions []string  `json:"extensions"`
	MaxSize    int64     `json:"max_size"`
	Integrity  Integrity `json:"integrity"`
}

// Integrity configures code verification (see package integrity).
type Integrity struct {
	Mode      string   `json:"mode"` // off | audit | enforce
	Backends  []string `json:"backends,omitempty"`
	Manifest  string   `json:"manifest,omitempty"`
	PublicKey string   `json:"public_key,omitempty"` // base64 Ed25519
	// ManifestState is the root-owned file holding the highest manifest
	// serial this host accepted (rollback protection); "" checks expiry only.
	ManifestState string   `json:"manifest_state,omitempty"`
	XattrNames    []string `json:"xattr_names,omitempty"`
	// XattrOwners are the uids (besides root) whose files a user.* label
	// is accepted on; required when a name is user.*, which a file's
	// owner can set (docs/integrity.md).
	XattrOwners []int  `json:"xattr_owners,omitempty"`
	AllowedUIDs []int  `json:"allowed_uids,omitempty"`
	AllowNoexec bool   `json:"allow_noexec,omitempty"`
	ExecCheck   string `json:"exec_check,omitempty"` // "", "audit", "enforce"
}

// Log configures where records are written.
type Log struct {
	// Dir, when set, holds all logs as <Dir>/<script file name>.log.
	Dir string `json:"dir,omitempty"`
	// HMACKeyFile names a root-only file with the chain key (see record).
	HMACKeyFile string `json:"hmac_key_file,omitempty"`
	// AnchorEvery sends the chain head to the native sinks every N records.
	AnchorEvery int `json:"anchor_every,omitempty"`
	// SyncEvery and SyncInterval configure group-commit fdatasync.
	SyncEvery    int      `json:"sync_every,omitempty"`
	SyncInterval Duration `json:"sync_interval,omitempty"`
	Sinks        []Sink   `json:"sinks,omitempty"`
	// Redact configures the redaction of secret values in records
	// (package redact): on by default.
	Redact Redact `json:"redact,omitzero"`
}

// Redact extends or turns off the redaction of secret values in records.
type Redact struct {
	// Off writes secret values into records unredacted.
	Off bool `json:"off,omitempty"`
	// Headers are more HTTP header names whose values are secret.
	Headers []string `json:"headers,omitempty"`
	// Env are more substrings that mark an environment variable's name as
	// secret (case-insensitive).
	Env []string `json:"env,omitempty"`
}

// Sink names a native sink.
type Sink struct {
	Kind     string `json:"kind"`              // journald | syslog | tcp | auto
	Address  string `json:"address,omitempty"` // socket path or host:port
	Required bool   `json:"required,omitempty"`
	All      bool   `json:"all,omitempty"` // every record, not just the important ones
}

// Limits are per-run resource limits. Zero means no limit.
type Limits struct {
	Steps      uint64   `json:"steps,omitempty"`
	WallTime   Duration `json:"wall_time,omitempty"`
	MemoryMB   int64    `json:"memory_mb,omitempty"`
	OutputSize int64    `json:"output_size,omitempty"`
	// ExtractSize bounds the bytes one archive extraction (tarfile,
	// shutil.unpack_archive) or one gzip decompression may produce; zero
	// means the library's default, 1 GiB: archive bombs are always bounded.
	ExtractSize int64 `json:"extract_size,omitempty"`
}

// Duration is a time.Duration written as a Go duration string ("30s").
type Duration time.Duration

// UnmarshalJSON parses "1m30s".
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("duration must be a string like \"30s\"")
	}
	v, err := time.ParseDuration(s)
	if err != nil || v < 0 {
		return fmt.Errorf("bad duration %q", s)
	}
	*d = Duration(v)
	return nil
}

// MarshalJSON writes the duration as a string.
func (d Duration) MarshalJSON() ([]byte, error) {
	return json.Marshal(time.Duration(d).String())
}

// Integrity modes.
const (
	ModeOff     = "off"
	ModeAudit   = "audit"
	ModeEnforce = "enforce"
)

// Parse decodes and validates a policy document. Unknown fields are errors,
// so a misspelt rule cannot silently do nothing.
func Parse(data []byte) (*Policy, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	p := new(Policy)
	if err := dec.Decode(p); err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("policy: trailing data after the document")
	}
	if err := p.validate(); err != nil {
		return nil, fmt.Errorf("policy %q: %w", p.Name, err)
	}
	p.index()
	return p, nil
}

func (p *Policy) validate() error {
	if p.Name == "" {
		return fmt.Errorf("name is required")
	}
	for i, r := range p.Deny {
		if r.Event == "" {
			return fmt.Errorf("deny[%d]: event is required", i)
		}
		if _, err := path.Match(r.Event, ""); err != nil {
			return fmt.Errorf("deny[%d]: bad event pattern %q", i, r.Event)
		}
		if r.Reason == "" {
			return fmt.Errorf("deny[%d] (%s): reason is required", i, r.Event)
		}
		for _, a := range r.Args {
			if _, err := path.Match(a, ""); err != nil {
				return fmt.Errorf("deny[%d] (%s): bad argument pattern %q", i, r.Event, a)
			}
		}
	}
	if len(p.OpenCode.Extensions) == 0 {
		p.OpenCode.Extensions = []string{".star"}
	}
	for _, e := range p.OpenCode.Extensions {
		if !strings.HasPrefix(e, ".") || len(e) < 2 {
			return fmt.Errorf("open_code: extension %q must look like \".star\"", e)
		}
		if slices.Contains(forbiddenExtensions, strings.ToLower(e)) {
			return fmt.Errorf("open_code: extension %q names compiled code and is never accepted", e)
		}
	}
	if p.OpenCode.MaxSize <= 0 {
		p.OpenCode.MaxSize = DefaultMaxCodeSize
	}
	switch p.OpenCode.Integrity.Mode {
	case "":
		p.OpenCode.Integrity.Mode = ModeOff
	case ModeOff, ModeAudit, ModeEnforce:
	default:
		return fmt.Errorf("open_code.integrity.mode %q: want off, audit or enforce", p.OpenCode.Integrity.Mode)
	}
	if err := p.OpenCode.Integrity.validate(); err != nil {
		return err
	}
	if err := p.Sandbox.validate(); err != nil {
		return err
	}
	if p.Log.Dir != "" && !path.IsAbs(p.Log.Dir) {
		return fmt.Errorf("log.dir %q must be absolute", p.Log.Dir)
	}
	if p.SystemPolicy != "" && !path.IsAbs(p.SystemPolicy) {
		return fmt.Errorf("system_policy %q must be absolute", p.SystemPolicy)
	}
	for _, d := range p.ModulePath {
		if !path.IsAbs(d) {
			return fmt.Errorf("module_path %q must be absolute", d)
		}
	}
	for i, s := range p.Log.Sinks {
		switch s.Kind {
		case "auto", "journald", "syslog":
		case "tcp":
			if s.Address == "" {
				return fmt.Errorf("log.sinks[%d]: tcp needs an address", i)
			}
		default:
			return fmt.Errorf("log.sinks[%d]: unknown kind %q", i, s.Kind)
		}
	}
	return nil
}

// DefaultMaxCodeSize bounds a script or module when the policy names no size.
const DefaultMaxCodeSize = 4 << 20

// forbiddenExtensions name compiled code; no policy may accept them.
var forbiddenExtensions = []string{".pyc", ".pyo", ".starc", ".sky"}

func (p *Policy) index() {
	p.byEvent = make(map[string][]int)
	p.globs = nil
	for i, r := range p.Deny {
		if strings.ContainsAny(r.Event, "*?[\\") {
			p.globs = append(p.globs, i)
			continue
		}
		p.byEvent[r.Event] = append(p.byEvent[r.Event], i)
	}
}

// AllowsName reports whether scripts may reference the predeclared name.
func (p *Policy) AllowsName(name string) bool {
	if slices.Contains(p.Predeclared.Deny, name) {
		return false
	}
	return len(p.Predeclared.Allow) == 0 || slices.Contains(p.Predeclared.Allow, name)
}

// AcceptsExtension reports whether open_code may run a file with this name.
func (p *Policy) AcceptsExtension(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	if slices.Contains(forbiddenExtensions, ext) {
		return false
	}
	return slices.Contains(p.OpenCode.Extensions, ext)
}
