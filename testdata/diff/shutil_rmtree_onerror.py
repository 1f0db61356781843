import os, shutil, sys
seen = []
def onerror(func, path, exc_info):
    seen.append((path, exc_info[0].__name__, type(exc_info[1]).__name__, str(exc_info[1])))
open("file", "w").close()
os.mkdir("d")
os.symlink("d", "dlink")
os.makedirs("t/a")
open("t/a/f", "w").close()
for p in ["missing", "file", "dlink", "t"]:
    seen.clear()
    sys.audit("difftest.value", "rmtree", p, shutil.rmtree(p, onerror=onerror), seen)
sys.audit("difftest.value", "ignore wins", shutil.rmtree("missing", True, onerror), seen)
def retry(func, path, exc_info):
    func(path)  # the failed step again: it fails again, and that stops rmtree
try:
    shutil.rmtree("file", onerror=retry)
except OSError as e:
    sys.audit("difftest.value", "retry", type(e).__name__, str(e))
shutil.rmtree("d", onerror=3)
try:
    shutil.rmtree("missing", onerror=3)
except TypeError as e:
    sys.audit("difftest.value", "not callable", type(e).__name__, str(e))
sys.audit("difftest.value", "left", sorted(os.listdir(".")))
