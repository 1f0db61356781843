"""Writes errno.json: CPython 3.11's errno module on this machine (every
E* name with its value, and errorcode), the expectations errno_test.go
checks internal/stdlib/errno against. Run: python3 testdata/gen.py"""
import errno
import json
import os
import sys

assert sys.version_info[:2] == (3, 11), sys.version
out = {
    "names": {n: getattr(errno, n) for n in sorted(dir(errno)) if n.startswith("E")},
    "errorcode": {str(c): n for c, n in sorted(errno.errorcode.items())},
    # os.strerror of every code, and of codes with no name (0, unknown ones)
    "strerror": {str(c): os.strerror(c) for c in sorted(set(errno.errorcode) | {0, -1, 41, 58, 134, 200, 4096})},
}
with open(os.path.join(os.path.dirname(__file__), "errno.json"), "w") as f:
    json.dump(out, f, indent=1, sort_keys=True)
    f.write("\n")
