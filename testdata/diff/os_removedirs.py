import os, sys
os.makedirs("a/b/c")
open("a/keep", "w").close()
os.removedirs("a/b/c")
sys.audit("difftest.value", "left", os.path.exists("a/b"), os.path.exists("a"))
os.makedirs("x/y")
os.removedirs("x/y/")
sys.audit("difftest.value", "all gone", os.path.exists("x"))
try:
    os.removedirs("a")
except OSError as e:
    sys.audit("difftest.value", "not empty", type(e).__name__, str(e))
