package stdlib

import (
	"bufio"
	"os"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/spython-dev/spython/internal/stdlib/archive"
	"github.com/spython-dev/spython/internal/stdlib/argparse"
	base64mod "github.com/spython-dev/spython/internal/stdlib/base64"
	"github.com/spython-dev/spython/internal/stdlib/configparser"
	"github.com/spython-dev/spython/internal/stdlib/core"
	"github.com/spython-dev/spython/internal/stdlib/csv"
	"github.com/spython-dev/spython/internal/stdlib/datetime"
	"github.com/spython-dev/spython/internal/stdlib/errno"
	"github.com/spython-dev/spython/internal/stdlib/fnmatch"
	"github.com/spython-dev/spython/internal/stdlib/glob"
	"github.com/spython-dev/spython/internal/stdlib/gzip"
	"github.com/spython-dev/spython/internal/stdlib/hashlib"
	"github.com/spython-dev/spython/internal/stdlib/json"
	"github.com/spython-dev/spython/internal/stdlib/logging"
	mathmod "github.com/spython-dev/spython/internal/stdlib/math"
	"github.com/spython-dev/spython/internal/stdlib/platform"
	"github.com/spython-dev/spython/internal/stdlib/pwd"
	"github.com/spython-dev/spython/internal/stdlib/pystring"
	"github.com/spython-dev/spython/internal/stdlib/re"
	"github.com/spython-dev/spython/internal/stdlib/socket"
	"github.com/spython-dev/spython/internal/stdlib/tarfile"
	"github.com/spython-dev/spython/internal/stdlib/tempfile"
	timemod "github.com/spython-dev/spython/internal/stdlib/time"
	"github.com/spython-dev/spython/internal/stdlib/urllib"
	"github.com/spython-dev/spython/internal/stdlib/zipfile"
)

// moduleBuilders adds the modules that live in their own packages under
// internal/stdlib/<module>/, around internal/stdlib/core. They reach the
// system only through the core.Env built here, whose Open is the script's
// own audited open(). system is the sysLib of the system modules
// (systemBuilders).
func moduleBuilders(env *Env, system *sysLib, b map[string]func() starlark.Value) {
	l := &sysLib{env: env}
	cenv := &core.Env{
		Audit:        env.Audit,
		Stdout:       env.Stdout,
		Stderr:       env.Stderr,
		Context:      env.Context,
		ExtractLimit: env.ExtractLimit,
		Sys:          env.Sys,
		Open:         l.openForModule,
		OpenOS: func(thread *starlark.Thread, path, mode string) (*os.File, error) {
			if err := checkPath("open", path); err != nil {
				return nil, err
			}
			m, err := parseMode(mode)
			if err != nil {
				return nil, err
			}
			f, err := l.openFile(thread, path, mode, m)
			if err != nil {
				return nil, err
			}
			return f.f.File(), nil
		},
		WrapFile: func(f *os.File, mode string) (starlark.Value, error) {
			m, err := parseMode(mode)
			if err != nil {
				return nil, err
			}
			ff := osFDFile(f)
			return &sysFile{name: f.Name(), mode: mode, m: m, f: ff, br: bufio.NewReader(ff)}, nil
		},
	}
	// time and socket, once system modules, raise their events through the
	// system modules' audit, which keeps the script's thread for
	// os.environ[k] = v (environ.go).
	senv := &core.Env{
		Audit: func(thread *starlark.Thread, event string, args starlark.Tuple) error {
			return system.audit(thread, event, args...)
		},
		Context: env.Context,
	}
	b["json"] = func() starlark.Value { return json.Module() }
	b["re"] = func() starlark.Value { return re.Module() }
	b["base64"] = func() starlark.Value { return base64mod.Module() }
	b["math"] = func() starlark.Value { return mathmod.Module() }
	b["time"] = func() starlark.Value { return timemod.Module(senv) }
	b["socket"] = func() starlark.Value { return socket.Module(senv) }
	b["hashlib"] = func() starlark.Value { return hashlib.Module() }
	b["datetime"] = func() starlark.Value { return datetime.Module() }
	b["csv"] = func() starlark.Value { return csv.Module() }
	b["fnmatch"] = func() starlark.Value { return fnmatch.Module() }
	b["glob"] = func() starlark.Value { return glob.Module(cenv) }
	// shutil's archive functions live with the archive core; the rest of
	// shutil is system.go's.
	shutil := b["shutil"]
	b["shutil"] = func() starlark.Value {
		m := shutil().(*starlarkstruct.Module)
		for name, fn := range archive.ShutilFuncs(cenv) {
			m.Members[name] = starlark.NewBuiltin("shutil."+name, fn)
		}
		return m
	}
	b["pwd"] = func() starlark.Value { return pwd.PwdModule() }
	b["grp"] = func() starlark.Value { return pwd.GrpModule() }
	b["getpass"] = func() starlark.Value { return pwd.GetpassModule() }
	b["platform"] = func() starlark.Value { return platform.Module() }
	b["errno"] = func() starlark.Value { return errno.Module() }
	b["string"] = func() starlark.Value { return pystring.Module() }
	b["zipfile"] = func() starlark.Value { return zipfile.Module(cenv) }
	b["logging"] = func() starlark.Value { return logging.Module(cenv) }
	b["gzip"] = func() starlark.Value { return gzip.Module(cenv) }
	b["tarfile"] = func() starlark.Value { return tarfile.Module(cenv) }
	b["argparse"] = func() starlark.Value { return argparse.Module(cenv) }
	b["configparser"] = func() starlark.Value { return configparser.Module(cenv) }
	b["urllib"] = func() starlark.Value { return urllib.Module(cenv) }
	b["tempfile"] = func() starlark.Value {
		// TemporaryDirectory.cleanup calls shutil.rmtree, as CPython's does.
		rmtree, _ := l.shutilModule().Members["rmtree"].(starlark.Callable)
		return tempfile.Module(cenv, rmtree)
	}
}

// openForModule is open(path, mode) for a module package.
func (l *sysLib) openForModule(thread *starlark.Thread, path, mode string) (starlark.Value, error) {
	if err := checkPath("open", path); err != nil {
		return nil, err
	}
	m, err := parseMode(mode)
	if err != nil {
		return nil, err
	}
	return l.openFile(thread, path, mode, m)
}
