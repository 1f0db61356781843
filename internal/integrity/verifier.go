package integrity

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/spython-dev/spython/internal/cwd"
	"github.com/spython-dev/spython/internal/policy"
)

// prefix starts every softenable failure reason.
const prefix = policy.IntegrityReasonPrefix

// Verifier implements interp.Verifier for one run.
type Verifier struct {
	manifest    *Manifest // nil unless the manifest backend is on
	xattrNames  []string  // nil unless the xattr backend is on
	xattrOwners []int     // uids besides root a user.* label is believed on
	fileCheck   bool
	uids        []int
	allowNoexec bool
	exec        execPolicy
	broken      string // why the configured verifier could not be built
}

// execPolicy says what to do with the kernel's exec check.
type execPolicy struct {
	run      bool // perform the check at all
	secbit   bool // SECBIT_EXEC_RESTRICT_FILE is set: refuse, unsoftenably
	required bool // the policy enforces the result (integrity failure)
}

// New builds the verifier the settings describe. It reads and checks the
// manifest once, here. It always returns a usable verifier: when the
// configured one cannot be built (bad key, missing or badly signed
// manifest), the error is returned too and the verifier fails closed,
// refusing every file with that error as the reason (after the kernel's
// exec check, which the securebits may still demand). In audit mode that
// reason is logged as would_deny on every file, so the operator sees it.
func New(in policy.Integrity) (*Verifier, error) {
	bits, _ := Securebits()
	return newVerifier(in, bits)
}

func newVerifier(in policy.Integrity, securebits uint) (*Verifier, error) {
	v := &Verifier{allowNoexec: in.AllowNoexec}
	v.exec.secbit = securebits&SecbitExecRestrictFile != 0
	// The check runs on every file whenever a verifier exists: even when
	// its result is not enforced, kernel LSMs (IMA, IPE, Landlock) see and
	// may audit it.
	v.exec.run = true
	on := in.Mode == policy.ModeAudit || in.Mode == policy.ModeEnforce
	if on {
		v.exec.required = in.ExecCheck == policy.ExecCheckEnforce || in.ExecCheck == policy.ExecCheckAudit
		if slices.Contains(in.Backends, policy.BackendManifest) {
			m, err := LoadManifest(in.Manifest, in.PublicKey, in.ManifestState, time.Now())
			if err != nil {
				v.broken = prefix + "verifier unavailable: " + err.Error()
				return v, err
			}
			v.manifest = m
		}
		if slices.Contains(in.Backends, policy.BackendXattr) {
			v.xattrNames = in.XattrNames
			if len(v.xattrNames) == 0 {
				v.xattrNames = []string{policy.DefaultXattrName}
			}
			v.xattrOwners = in.XattrOwners
		}
		if slices.Contains(in.Backends, policy.BackendFile) {
			v.fileCheck = true
			v.uids = in.AllowedUIDs
			if len(v.uids) == 0 {
				// Root and the invoking user: files anyone else owns could
				// have been changed by someone else.
				v.uids = []int{0, os.Geteuid()}
			}
		}
	}
	return v, nil
}

// Needed reports whether a policy with these settings needs a verifier in
// a process with these securebits: integrity is on, or the kernel asks
// interpreters to check what they run.
func Needed(in policy.Integrity, securebits uint) bool {
	return in.Mode == policy.ModeAudit || in.Mode == policy.ModeEnforce || securebits&SecbitExecRestrictFile != 0
}

// Verify judges data, the bytes read from f, which was opened for path.
// It never reopens path.
func (v *Verifier) Verify(f *os.File, path string, data []byte) (bool, string) {
	if !filepath.IsAbs(path) {
		if abs, err := cwd.Abs(path); err == nil {
			path = abs
		}
	}
	path = filepath.Clean(path)
	// The kernel check first: a refusal the securebits demand must win
	// over any softenable reason.
	if v.exec.run {
		if reason := v.checkExec(f); reason != "" {
			return false, reason
		}
	}
	if v.broken != "" {
		return false, v.broken
	}
	if v.fileCheck {
		if reason := checkFile(f, v.uids, v.allowNoexec); reason != "" {
			return false, prefix + reason
		}
	}
	if v.manifest == nil && v.xattrNames == nil {
		return true, ""
	}
	sum := sha256.Sum256(data)
	if v.manifest != nil {
		if reason := v.manifest.check(path, sum); reason != "" {
			return false, prefix + reason
		}
	}
	if v.xattrNames != nil {
		if reason := checkXattr(f, v.xattrNames, v.xattrOwners, sum); reason != "" {
			return false, prefix + reason
		}
	}
	return true, ""
}

// checkExec applies the kernel's verdict as the securebits and the policy
// require.
func (v *Verifier) checkExec(f *os.File) string {
	res := ExecCheck(f)
	switch {
	case res.OK:
		return ""
	case v.exec.secbit:
		// The kernel was told this process must not interpret files it
		// would not execute: no policy mode softens that.
		return "exec check (SECBIT_EXEC_RESTRICT_FILE): " + res.String()
	case v.exec.required:
		return prefix + "exec check: " + res.String()
	}
	return ""
}

// Digest returns the lowercase hex SHA-256 of data, the form manifests and
// attributes store.
func Digest(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func short(sum [32]byte) string { return fmt.Sprintf("%x", sum[:6]) }
