"""Writes hello.gz (two members, as CPython's gzip writes them) and
want.json (what CPython 3.11 reads back). Run from this directory."""
import gzip, json
with open("hello.gz", "wb") as f:
    f.write(gzip.compress(b"line one\nline two\n", mtime=0))
    f.write(gzip.compress(b"second member\n", mtime=0))
with gzip.open("hello.gz", "rt") as f:
    lines = f.readlines()
with open("want.json", "w") as f:
    json.dump({"lines": lines, "bytes": len(gzip.decompress(open("hello.gz", "rb").read()))}, f)
