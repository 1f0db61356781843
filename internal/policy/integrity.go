package policy

import (
	"encoding/base64"
	"fmt"
	"path"
	"slices"
	"strings"
)

// Integrity backends (see package integrity and docs/integrity.md).
const (
	BackendManifest = "manifest" // Ed25519-signed list of SHA-256 digests
	BackendXattr    = "xattr"    // SHA-256 in an extended attribute of the file
	BackendFile     = "file"     // owner, permission bits and mount checks
)

// DefaultXattrName is the attribute the xattr backend reads unless the
// policy names others: a trusted.* name, which only a process with
// CAP_SYS_ADMIN can set, so a user cannot bless their own file.
const DefaultXattrName = "trusted.org.python.x-spython-hash"

// CPythonXattrName is the attribute CPython's linux_xattr spython sample
// uses. Its owner can set a user.* attribute on any file they own, so a
// policy naming it must say whose files to believe (xattr_owners).
const CPythonXattrName = "user.org.python.x-spython-hash"

// Kernel exec check settings (Integrity.ExecCheck).
const (
	ExecCheckAuto    = ""        // enforced only under SECBIT_EXEC_RESTRICT_FILE
	ExecCheckAudit   = "audit"   // a failure is an integrity failure; mode must be audit
	ExecCheckEnforce = "enforce" // a failure is an integrity failure
)

// validate checks the integrity settings and fills defaults. Settings are
// checked even when the mode is off, so that a typo is found before the
// operator turns verification on.
func (in *Integrity) validate() error {
	for _, b := range in.Backends {
		switch b {
		case BackendManifest, BackendXattr, BackendFile:
		default:
			return fmt.Errorf("open_code.integrity.backends: unknown backend %q (want manifest, xattr or file)", b)
		}
	}
	switch in.ExecCheck {
	case ExecCheckAuto, ExecCheckEnforce:
	case ExecCheckAudit:
		// Refusal is decided by the mode; an "audit" exec check inside an
		// enforcing policy could not do what it says.
		if in.Mode != ModeAudit {
			return fmt.Errorf("open_code.integrity.exec_check \"audit\" needs mode \"audit\" (use \"enforce\")")
		}
	default:
		return fmt.Errorf("open_code.integrity.exec_check %q: want \"\", audit or enforce", in.ExecCheck)
	}
	if in.Mode != ModeOff && len(in.Backends) == 0 && in.ExecCheck == ExecCheckAuto {
		return fmt.Errorf("open_code.integrity: mode %q needs at least one backend or exec_check", in.Mode)
	}
	if slices.Contains(in.Backends, BackendManifest) || in.Manifest != "" || in.PublicKey != "" {
		if !path.IsAbs(in.Manifest) {
			return fmt.Errorf("open_code.integrity.manifest %q must be an absolute path", in.Manifest)
		}
		key, err := base64.StdEncoding.DecodeString(in.PublicKey)
		if err != nil || len(key) != 32 {
			return fmt.Errorf("open_code.integrity.public_key must be a base64 Ed25519 public key (32 bytes)")
		}
	}
	if in.ManifestState != "" && !path.IsAbs(in.ManifestState) {
		return fmt.Errorf("open_code.integrity.manifest_state %q must be an absolute path", in.ManifestState)
	}
	for _, n := range in.XattrNames {
		if !strings.HasPrefix(n, "user.") && !strings.HasPrefix(n, "trusted.") || strings.ContainsRune(n, 0) {
			return fmt.Errorf("open_code.integrity.xattr_names: %q must be a user.* or trusted.* attribute", n)
		}
		if strings.HasPrefix(n, "user.") && len(in.XattrOwners) == 0 {
			return fmt.Errorf("open_code.integrity.xattr_names: %q is a user.* attribute, which any file's owner can set on their own file: "+
				"add xattr_owners (the uids whose files may carry it, e.g. [0] for root only) or use a trusted.* name", n)
		}
	}
	for _, u := range in.XattrOwners {
		if u < 0 {
			return fmt.Errorf("open_code.integrity.xattr_owners: %d is not a uid", u)
		}
	}
	if len(in.XattrNames) == 0 && slices.Contains(in.Backends, BackendXattr) {
		in.XattrNames = []string{DefaultXattrName}
	}
	for _, u := range in.AllowedUIDs {
		if u < 0 {
			return fmt.Errorf("open_code.integrity.allowed_uids: %d is not a uid", u)
		}
	}
	return nil
}
