import os, sys
p = os.path
for a in [("a", "b"), ("a/", "b"), ("a", "/b"), ("", "b"), ("a", ""), ("/", "x", "y/"), ("a", "b", "/c", "d"), (b"a", b"b")]:
    sys.audit("difftest.value", "join", list(a), p.join(*a))
for s in ["a/b.c", "a/", "/", "", "a", "//x//y", "a/b/", "/a", b"x/y"]:
    sys.audit("difftest.value", "basename dirname", s, p.basename(s), p.dirname(s))
for s in ["a.txt", ".bashrc", "a.b.c", "a/.b", "..", "a.", "/a/b.c/d", "x/..y", "...a", "a/b.tar.gz", b"f.py"]:
    sys.audit("difftest.value", "splitext", s, p.splitext(s))
cwd = os.getcwd()
for s in ["", ".", "a/../b", "/x/./y/", ".."]:
    r = p.abspath(s)
    sys.audit("difftest.value", "abspath", s, r.replace(cwd, "CWD"))
sys.audit("difftest.value", "abspath bytes", p.abspath(b"q") == cwd.encode() + b"/q")
os.mkdir("d")
open("f", "w").write("12345")
os.symlink("f", "lf")
os.symlink("nothing", "dangling")
for s in ["d", "f", "lf", "dangling", "none", "d/", "f/", "", "/dev/null", "a\0b", b"f"]:
    sys.audit("difftest.value", "tests", s, p.exists(s), p.isfile(s), p.isdir(s))
sys.audit("difftest.value", "getsize", p.getsize("f"), p.getsize("lf"), p.getsize(b"f"), p.getsize("d") > 0)
for s in ["none", "dangling", "f/x"]:
    try:
        p.getsize(s)
    except OSError as e:
        sys.audit("difftest.value", "getsize error", s, type(e).__name__, str(e))
try:
    p.join("a", 1)
except TypeError as e:
    sys.audit("difftest.value", "join int", type(e).__name__)
