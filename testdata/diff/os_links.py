import os, sys
open("a", "w").write("data")
os.link("a", "b")
sys.audit("difftest.value", "nlink", os.stat("a").st_nlink)
os.unlink("b")
try:
    os.unlink("b")
except OSError as e:
    sys.audit("difftest.value", "unlink missing", type(e).__name__, str(e))
os.replace("a", "c")
open("d", "w").write("old")
os.replace("c", "d")
sys.audit("difftest.value", "replaced", open("d").read(), os.path.exists("c"))
try:
    os.link("missing", "x")
except OSError as e:
    sys.audit("difftest.value", "link missing", type(e).__name__, str(e))
