import os, sys
# Several directories per level: the walk's os.scandir events come in
# CPython's order (directory order, depth first).
for d in ["t/b/x", "t/a/y", "t/c", "t/a/z/deep"]:
    os.makedirs(d)
for f in ["t/f1", "t/b/f2", "t/a/z/deep/f3", "t/c/f4"]:
    open(f, "w").close()
os.symlink("b", "t/lb")
os.symlink("../t", "t/c/loop")
def norm(w):
    return sorted((d, sorted(ds), sorted(fs)) for d, ds, fs in w)
sys.audit("difftest.value", "topdown", norm(list(os.walk("t"))))
sys.audit("difftest.value", "bottomup", norm(list(os.walk("t", topdown=False))))
sys.audit("difftest.value", "bytes", norm(list(os.walk(b"t/b"))))
sys.audit("difftest.value", "trailing slash", [d for d, _, _ in os.walk("t/a/")])
errs = []
sys.audit("difftest.value", "file top", list(os.walk("t/f1", onerror=errs.append)), [type(e).__name__ for e in errs])
sys.audit("difftest.value", "missing top", list(os.walk("nope")))
