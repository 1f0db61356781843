package pwd

import (
	"encoding/json"
	"os"
	"testing"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/stdlib/core/coretest"
)

// The fixture databases, read as CPython renders them (testdata/gen.py
// wrote want.json with CPython 3.11's struct_passwd/struct_group and
// error messages).
func TestFixture(t *testing.T) {
	PasswdFile, GroupFile = "testdata/passwd", "testdata/group"
	defer func() { PasswdFile, GroupFile = "/etc/passwd", "/etc/group" }()
	var want map[string]string
	data, _ := os.ReadFile("testdata/want.json")
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	pre := starlark.StringDict{"pwd": PwdModule(), "grp": GrpModule()}
	for _, c := range []struct{ expr, want string }{
		{"str(pwd.getpwnam('alice'))", want["alice"]},
		{"str(pwd.getpwuid(1000))", want["alice"]},
		{"str(grp.getgrgid(100))", want["users"]},
		{"str(grp.getgrnam('users'))", want["users"]},
		{"pwd.getpwnam('no-such-user-spython')", "!" + want["nouser"]},
		{"pwd.getpwuid(4000000)", "!" + want["nouid"]},
		{"grp.getgrnam('no-such-group-spython')", "!" + want["nogroup"]},
		{"grp.getgrgid(4000000)", "!" + want["nogid"]},
		{"pwd.getpwuid('0')", "!" + want["baduid"]},
		{"[p.pw_name for p in pwd.getpwall()]", "['root', 'alice', 'bob']"},
		{"[g.gr_name for g in grp.getgrall()]", "['root', 'users', 'staff']"},
		{"pwd.getpwnam('bob')[5] + ' ' + pwd.getpwnam('bob').pw_shell", "/home/bob /usr/sbin/nologin"},
		{"grp.getgrnam('staff').gr_mem", "[]"},
	} {
		if got := coretest.Eval(pre, "", c.expr); got != c.want {
			t.Errorf("%s = %q, want %q", c.expr, got, c.want)
		}
	}
}

// getuser: the environment first, as CPython.
func TestGetuser(t *testing.T) {
	t.Setenv("LOGNAME", "")
	t.Setenv("USER", "carol")
	pre := starlark.StringDict{"getpass": GetpassModule()}
	if got := coretest.Eval(pre, "", "getpass.getuser()"); got != "carol" {
		t.Errorf("getuser() = %q", got)
	}
}
