"""Runs one differential-test script under CPython with a PEP 578 hook.

usage: python3 -I pyhook.py SCRIPT.py EVENTS.jsonl

Every audit event the script raises is written to EVENTS.jsonl as one JSON
line {"action": name, "args": [...]}, the arguments converted the way
spython's log converts them (docs/log-format.md, spec section 5.1), so that
the Go driver (internal/difftest) can compare the two streams. Events raised
by CPython's import machinery (a lazy import inside a library function) are
not the script's own calls and are left out.
"""
import base64
import json
import os
import sys
import types

# Modules that library functions import lazily: imported now, so that their
# import does not happen in the middle of a compared call.
for _m in ("_strptime", "selectors", "shutil", "subprocess", "time", "fnmatch",
           "glob", "tempfile", "socket", "locale", "signal", "errno", "stat",
           "pwd", "grp", "getpass", "platform", "datetime", "calendar", "json",
           "base64", "hashlib", "re", "math", "string", "csv", "configparser",
           "argparse", "logging", "gzip", "tarfile", "zipfile", "urllib.request",
           "urllib.parse", "http.client", "threading", "io", "posixpath"):
    try:
        __import__(_m)
    except ImportError:
        pass

# Intended difference 11 (README.md): CPython's path-based rmtree, whose
# events name paths (spython's), rather than the descriptor-based one.
import shutil as _shutil
_shutil._use_fd_functions = False

script, out_path = sys.argv[1], sys.argv[2]
with open(script, encoding="utf-8") as f:
    code = compile(f.read(), script, "exec")
out = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)

BIG = 2 ** 53


def conv(v):
    """spython's JSON form of an event argument (spec section 5.1)."""
    if v is None or isinstance(v, (bool, float, str)):
        return v
    if isinstance(v, int):
        return v if -BIG <= v <= BIG else str(v)
    if isinstance(v, (bytes, bytearray)):
        return {"bytes_b64": base64.b64encode(bytes(v)).decode()}
    if isinstance(v, (list, tuple)):
        return [conv(x) for x in v]
    if isinstance(v, dict):
        return {(k if isinstance(k, str) else repr(k)): conv(x) for k, x in v.items()}
    if isinstance(v, types.CodeType):
        return {"code": v.co_filename}
    return repr(v)


busy = False


def importing():
    """True when the event comes from CPython's import machinery."""
    f = sys._getframe(2)
    while f is not None:
        if f.f_code.co_filename.startswith("<frozen importlib"):
            return True
        f = f.f_back
    return False


def hook(event, args):
    global busy
    if busy:
        return
    busy = True
    try:
        if event == "exec" and args and args[0] is code:
            return  # running the script itself
        if event == "import" or importing():
            return
        line = json.dumps({"action": event, "args": conv(args)}, ensure_ascii=False)
        os.write(out, line.encode("utf-8", "surrogateescape") + b"\n")
    finally:
        busy = False


sys.addaudithook(hook)
g = {"__name__": "__main__", "__file__": script}
exec(code, g)
