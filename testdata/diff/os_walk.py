import os, sys
os.makedirs("t/a/b")
open("t/top.txt", "w").close()
open("t/a/b/leaf.txt", "w").close()
sys.audit("difftest.value", "topdown", [(d, sorted(ds), sorted(fs)) for d, ds, fs in os.walk("t")])
sys.audit("difftest.value", "bottomup", [d for d, _, _ in os.walk("t", topdown=False)])
errs = []
sys.audit("difftest.value", "missing", list(os.walk("nope", onerror=errs.append)), [type(e).__name__ for e in errs])
