import os, sys
os.mkdir("d")
open("d/f", "w").write("abc")
open("file", "w").close()
for p in ["missing", "file", "", "d/f/x"]:
    try:
        os.scandir(p)
    except OSError as e:
        sys.audit("difftest.value", "scandir error", p, type(e).__name__, str(e))
ents = list(os.scandir(b"d"))
sys.audit("difftest.value", "bytes", [(e.name, e.path, e.is_file()) for e in ents])
ents = list(os.scandir("d/"))
sys.audit("difftest.value", "slash", [(e.name, e.path) for e in ents])
e = ents[0]
os.remove("d/f")
sys.audit("difftest.value", "gone", e.is_file(), e.is_dir(), e.is_symlink())
try:
    e.stat()
except OSError as err:
    sys.audit("difftest.value", "stat gone", type(err).__name__, str(err))
