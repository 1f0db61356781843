package policy

import (
	"strings"
	"testing"
)

func TestIntegrityValidate(t *testing.T) {
	const key = `"public_key": "iMYsZSZJX+kuVgd5Z28FzDLLuq9Gz6AyndPzHzsCQcM="`
	tests := []struct {
		name, integrity string
		want            string // error substring; "" means valid
	}{
		{name: "off", integrity: `{"mode": "off"}`},
		{name: "manifest", integrity: `{"mode": "enforce", "backends": ["manifest", "file"], "manifest": "/etc/spython/manifest", ` + key + `}`},
		{name: "xattr default name", integrity: `{"mode": "audit", "backends": ["xattr"]}`},
		{name: "trusted xattr", integrity: `{"mode": "enforce", "backends": ["xattr"], "xattr_names": ["trusted.spython.hash"]}`},
		{name: "exec check alone", integrity: `{"mode": "enforce", "exec_check": "enforce"}`},
		{name: "exec check audit in audit mode", integrity: `{"mode": "audit", "exec_check": "audit"}`},
		{name: "exec check audit in enforce mode", integrity: `{"mode": "enforce", "exec_check": "audit", "backends": ["file"]}`, want: `needs mode "audit"`},
		{name: "unknown exec check", integrity: `{"mode": "enforce", "exec_check": "yes"}`, want: "exec_check"},
		{name: "no backend", integrity: `{"mode": "enforce"}`, want: "needs at least one backend"},
		{name: "unknown backend", integrity: `{"mode": "enforce", "backends": ["ima"]}`, want: "unknown backend"},
		{name: "relative manifest", integrity: `{"mode": "enforce", "backends": ["manifest"], "manifest": "manifest", ` + key + `}`, want: "absolute"},
		{name: "bad key", integrity: `{"mode": "enforce", "backends": ["manifest"], "manifest": "/m", "public_key": "abc"}`, want: "public_key"},
		{name: "security xattr", integrity: `{"mode": "enforce", "backends": ["xattr"], "xattr_names": ["security.ima"]}`, want: "user.* or trusted.*"},
		{name: "user xattr without an owner rule", integrity: `{"mode": "enforce", "backends": ["xattr"], "xattr_names": ["user.org.python.x-spython-hash"]}`, want: "add xattr_owners"},
		{name: "user xattr with an owner rule", integrity: `{"mode": "enforce", "backends": ["xattr"], "xattr_names": ["user.org.python.x-spython-hash"], "xattr_owners": [0]}`},
		{name: "negative xattr owner", integrity: `{"mode": "enforce", "backends": ["xattr"], "xattr_names": ["user.x"], "xattr_owners": [-2]}`, want: "not a uid"},
		{name: "negative uid", integrity: `{"mode": "enforce", "backends": ["file"], "allowed_uids": [-1]}`, want: "not a uid"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse([]byte(`{"name": "t", "open_code": {"integrity": ` + tc.integrity + `}}`))
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				in := p.OpenCode.Integrity
				if strings.Contains(tc.integrity, `"xattr"`) && len(in.XattrNames) == 0 {
					t.Fatalf("xattr backend without a default attribute name")
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Parse error %v, want %q", err, tc.want)
			}
		})
	}
}
