import os, shutil, sys
os.makedirs("t/a/b")
os.makedirs("t/c")
open("t/f1", "w").close()
open("t/a/f2", "w").close()
open("t/a/b/f3", "w").close()
os.symlink("a", "t/dirlink")
os.symlink("missing", "t/dangling")
os.makedirs("outside")
open("outside/keep", "w").close()
os.symlink("../outside", "t/c/out")
shutil.rmtree("t")
sys.audit("difftest.value", "removed", os.path.exists("t"), os.listdir("outside"))
os.mkdir("e")
shutil.rmtree("e/")
shutil.rmtree(b"outside")
open("file", "w").close()
os.symlink("file", "flink")
os.mkdir("d")
os.symlink("d", "dlink")
for p in ["missing", "file", "flink", "dlink", "", "/proc/self/fd"]:
    try:
        shutil.rmtree(p)
        sys.audit("difftest.value", "ok", p)
    except OSError as e:
        sys.audit("difftest.value", "error", p, type(e).__name__, str(e))
for p in ["missing", "file", "dlink"]:
    sys.audit("difftest.value", "ignore_errors", p, shutil.rmtree(p, ignore_errors=True))
sys.audit("difftest.value", "left", sorted(os.listdir(".")))
