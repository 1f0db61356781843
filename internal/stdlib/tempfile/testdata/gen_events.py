"""Writes events.json: the audit events CPython 3.11's tempfile raises for
each operation, with TMPDIR set to a fresh directory. Paths are normalised:
the directory becomes $TMP and each random 8-character name becomes *.
Run from this directory:  python3 gen_events.py"""
import json, os, re, sys, tempfile as _t

assert sys.version_info[:2] == (3, 11)
top = _t.mkdtemp()
os.environ["TMPDIR"] = top
_t.tempdir = None  # forget the cached directory
import tempfile

# op name → Python code (the Go test runs the Starlark equivalent)
OPS = [
    ("gettempdir", "tempfile.gettempdir()"),
    ("gettempdir_again", "tempfile.gettempdir()"),
    ("mkstemp", "fd, p = tempfile.mkstemp(suffix='.txt', prefix='job-')\nos.close(fd)"),
    ("mkstemp_dir", "os.mkdir(top + '/sub')\nfd, p = tempfile.mkstemp(dir=top + '/sub')\nos.close(fd)"),
    ("mkdtemp", "tempfile.mkdtemp(prefix='d-')"),
    ("named_keep", "f = tempfile.NamedTemporaryFile(delete=False)\nf.write(b'x')\nf.close()"),
    ("named_delete", "f = tempfile.NamedTemporaryFile(mode='w', suffix='.csv')\nf.write('x')\nf.close()"),
    ("tempdir", "d = tempfile.TemporaryDirectory()\nd.cleanup()"),
]

KEEP = ("tempfile.", "open", "os.mkdir", "os.remove", "os.rmdir", "shutil.rmtree")

def norm(v):
    if isinstance(v, str):
        v = v.replace(top, "$TMP")
        return re.sub(r"[a-z0-9_]{8}(?=$|[./])", "*", v.replace("$TMP", "\0")).replace("\0", "$TMP")
    return v

events = []
def hook(ev, args):
    if ev.startswith(KEEP) and ev != "open" or (ev == "open" and isinstance(args[0], str)):
        events.append([ev] + [norm(a) for a in args])
sys.addaudithook(hook)

out = []
for name, code in OPS:
    events.clear()
    exec(code, {"tempfile": tempfile, "os": os, "top": top})
    out.append({"op": name, "events": list(events)})

import shutil
shutil.rmtree(top)
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "events.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
