package stdlib

// Events maps each predeclared callable the library provides, by dotted
// name, to the audit events a call may raise (in no particular order).
// Pure lists the callables that raise none, with the reason. Every
// callable is in exactly one of the two; catalog_test.go checks that
// against Modules, and the unit tests check that the events a call raises
// are the ones listed here. Reviewed by hand: a change needs a reason.
var Events = map[string][]string{
	// --- system modules: open, os, shutil, socket, subprocess, time ---
	"open":                    {"open"},
	"os.chdir":                {"os.chdir"},
	"os.chmod":                {"os.chmod"},
	"os.kill":                 {"os.kill"},
	"os.listdir":              {"os.listdir"},
	"os.makedirs":             {"os.mkdir"},
	"os.mkdir":                {"os.mkdir"},
	"os.putenv":               {"os.putenv"},
	"os.remove":               {"os.remove"},
	"os.rename":               {"os.rename"},
	"os.rmdir":                {"os.rmdir"},
	"os.symlink":              {"os.symlink"},
	"os.system":               {"os.system"},
	"os.unsetenv":             {"os.unsetenv"},
	"os.walk":                 {"os.walk"},
	"shutil.copyfile":         {"shutil.copyfile", "open"},
	"shutil.move":             {"shutil.move", "os.rename", "os.symlink", "shutil.copyfile", "open", "os.chmod", "os.remove"},
	"shutil.rmtree":           {"shutil.rmtree"},
	"socket.gethostname":      {"socket.gethostname"},
	"subprocess.check_output": {"subprocess.Popen"},
	"subprocess.run":          {"subprocess.Popen"},
	"time.sleep":              {"time.sleep"},
	// --- end of system modules ---

	// --- data modules: urllib, json, base64, hashlib, re, math ---
	"urllib.request.urlopen": {"urllib.Request", "http.client.connect", "socket.getaddrinfo", "socket.__new__", "socket.connect", "http.client.send"},
	// --- end of data modules ---

	// --- per-package modules (internal/stdlib/<module>/) ---
	"glob.glob":  {"glob.glob", "glob.glob/2", "os.scandir"},
	"glob.iglob": {"glob.glob", "glob.glob/2", "os.scandir"},
	// --- end of per-package modules ---
}

// Pure: see Events.
var Pure = map[string]string{
	// --- system modules: open, os, shutil, socket, subprocess, time ---
	"os.getcwd":        "reads the process's working directory; CPython raises no event",
	"os.getenv":        "reads the os.environ snapshot taken at start",
	"os.getpid":        "reads the process id",
	"os.getuid":        "reads the real user id",
	"os.path.abspath":  "string manipulation and getcwd only",
	"os.path.basename": "string manipulation only",
	"os.path.dirname":  "string manipulation only",
	"os.path.exists":   "stat only; CPython does not audit os.stat",
	"os.path.getsize":  "stat only; CPython does not audit os.stat",
	"os.path.isdir":    "stat only; CPython does not audit os.stat",
	"os.path.isfile":   "stat only; CPython does not audit os.stat",
	"os.path.join":     "string manipulation only",
	"os.path.splitext": "string manipulation only",
	"time.monotonic":   "reads the clock",
	"time.strftime":    "formats a time; reads the local time zone",
	"time.time":        "reads the clock",
	// --- end of system modules ---

	// --- data modules: urllib, json, base64, hashlib, re, math ---
	"urllib.request.Request":   "builds a request object in memory; CPython raises no event (urlopen raises urllib.Request)",
	"json.dumps":               "encodes a value to a str in memory",
	"json.loads":               "decodes a str or bytes in memory",
	"base64.b64encode":         "encodes bytes in memory",
	"base64.b64decode":         "decodes bytes in memory",
	"base64.urlsafe_b64encode": "encodes bytes in memory",
	"base64.urlsafe_b64decode": "decodes bytes in memory",
	"hashlib.md5":              "hashes bytes in memory; CPython raises no event",
	"hashlib.new":              "hashes bytes in memory; CPython raises no event",
	"hashlib.sha1":             "hashes bytes in memory; CPython raises no event",
	"hashlib.sha224":           "hashes bytes in memory; CPython raises no event",
	"hashlib.sha256":           "hashes bytes in memory; CPython raises no event",
	"hashlib.sha384":           "hashes bytes in memory; CPython raises no event",
	"hashlib.sha512":           "hashes bytes in memory; CPython raises no event",
	"re.compile":               "regular expressions over values in memory; CPython raises no event",
	"re.escape":                "regular expressions over values in memory; CPython raises no event",
	"re.findall":               "regular expressions over values in memory; CPython raises no event",
	"re.finditer":              "regular expressions over values in memory; CPython raises no event",
	"re.fullmatch":             "regular expressions over values in memory; CPython raises no event",
	"re.match":                 "regular expressions over values in memory; CPython raises no event",
	"re.search":                "regular expressions over values in memory; CPython raises no event",
	"re.split":                 "regular expressions over values in memory; CPython raises no event",
	"re.sub":                   "regular expressions over values in memory; CPython raises no event",
	"re.subn":                  "regular expressions over values in memory; CPython raises no event",
	"math.acos":                "arithmetic (go.starlark.net/lib/math)",
	"math.acosh":               "arithmetic (go.starlark.net/lib/math)",
	"math.asin":                "arithmetic (go.starlark.net/lib/math)",
	"math.asinh":               "arithmetic (go.starlark.net/lib/math)",
	"math.atan":                "arithmetic (go.starlark.net/lib/math)",
	"math.atan2":               "arithmetic (go.starlark.net/lib/math)",
	"math.atanh":               "arithmetic (go.starlark.net/lib/math)",
	"math.ceil":                "arithmetic (go.starlark.net/lib/math)",
	"math.copysign":            "arithmetic (go.starlark.net/lib/math)",
	"math.cos":                 "arithmetic (go.starlark.net/lib/math)",
	"math.cosh":                "arithmetic (go.starlark.net/lib/math)",
	"math.degrees":             "arithmetic (go.starlark.net/lib/math)",
	"math.exp":                 "arithmetic (go.starlark.net/lib/math)",
	"math.fabs":                "arithmetic (go.starlark.net/lib/math)",
	"math.floor":               "arithmetic (go.starlark.net/lib/math)",
	"math.gamma":               "arithmetic (go.starlark.net/lib/math)",
	"math.hypot":               "arithmetic (go.starlark.net/lib/math)",
	"math.log":                 "arithmetic (go.starlark.net/lib/math)",
	"math.mod":                 "arithmetic (go.starlark.net/lib/math)",
	"math.pow":                 "arithmetic (go.starlark.net/lib/math)",
	"math.radians":             "arithmetic (go.starlark.net/lib/math)",
	"math.remainder":           "arithmetic (go.starlark.net/lib/math)",
	"math.round":               "arithmetic (go.starlark.net/lib/math)",
	"math.sin":                 "arithmetic (go.starlark.net/lib/math)",
	"math.sinh":                "arithmetic (go.starlark.net/lib/math)",
	"math.sqrt":                "arithmetic (go.starlark.net/lib/math)",
	"math.tan":                 "arithmetic (go.starlark.net/lib/math)",
	"math.tanh":                "arithmetic (go.starlark.net/lib/math)",
	// --- end of data modules ---

	// --- per-package modules (internal/stdlib/<module>/) ---
	"datetime.date":                      "constructs a value in memory",
	"datetime.date.fromisoformat":        "parses a str in memory",
	"datetime.date.fromordinal":          "arithmetic",
	"datetime.date.fromtimestamp":        "converts with the local time zone; CPython raises no event",
	"datetime.date.today":                "reads the clock; CPython raises no event",
	"datetime.datetime":                  "constructs a value in memory",
	"datetime.datetime.combine":          "constructs a value in memory",
	"datetime.datetime.fromisoformat":    "parses a str in memory",
	"datetime.datetime.fromtimestamp":    "converts with the local time zone; CPython raises no event",
	"datetime.datetime.now":              "reads the clock; CPython raises no event",
	"datetime.datetime.strptime":         "parses a str in memory",
	"datetime.datetime.today":            "reads the clock; CPython raises no event",
	"datetime.datetime.utcfromtimestamp": "arithmetic",
	"datetime.datetime.utcnow":           "reads the clock; CPython raises no event",
	"datetime.time":                      "constructs a value in memory",
	"datetime.time.fromisoformat":        "parses a str in memory",
	"datetime.timedelta":                 "constructs a value in memory",
	"datetime.timezone":                  "constructs a value in memory",
	"csv.reader":                         "parses an iterable of str in memory (a file was opened, with its event, by open)",
	"csv.DictReader":                     "parses an iterable of str in memory (a file was opened, with its event, by open)",
	"csv.writer":                         "formats rows; writes only through the given file's write method",
	"csv.DictWriter":                     "formats rows; writes only through the given file's write method",
	"csv.field_size_limit":               "returns a constant",
	"csv.list_dialects":                  "returns a constant",
	"fnmatch.fnmatch":                    "matches names in memory",
	"fnmatch.fnmatchcase":                "matches names in memory",
	"fnmatch.filter":                     "matches names in memory",
	"fnmatch.translate":                  "string manipulation only",
	"glob.escape":                        "string manipulation only",
	"glob.has_magic":                     "string manipulation only",
	// --- end of per-package modules ---
}
