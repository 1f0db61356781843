import os, sys
p = os.path
for s in ["a//b/./c/..", "/../x", "//a", "///a/b/", "", ".", "a/../..", "./", "../a/b/../c"]:
    sys.audit("difftest.value", "normpath", s, p.normpath(s))
for s in ["a/b", "/a", "a/", "/", "", "a", "//x//y"]:
    sys.audit("difftest.value", "split", s, p.split(s))
for s in ["/a", "a", "", "//"]:
    sys.audit("difftest.value", "isabs", s, p.isabs(s))
sys.audit("difftest.value", "bytes", p.normpath(b"a/./b"), p.split(b"a/b"))
sys.audit("difftest.value", "relpath", p.relpath("a/b/c", "a/d"), p.relpath("/usr/lib", "/usr/share/doc"), p.relpath("a"), p.relpath("/", "/a/b"), p.relpath("x", "x"))
try:
    p.relpath("")
except ValueError as e:
    sys.audit("difftest.value", "relpath empty", type(e).__name__, str(e))
sys.audit("difftest.value", "commonpath", p.commonpath(["/usr/lib", "/usr/local/lib"]), p.commonpath(["a/b/c", "a/b"]), p.commonpath(["/a"]), p.commonpath(["a/./b", "a/b/c"]))
for bad in ([], ["/a", "b"]):
    try:
        p.commonpath(bad)
    except ValueError as e:
        sys.audit("difftest.value", "commonpath bad", type(e).__name__, str(e))
