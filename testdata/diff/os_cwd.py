import os, sys
start = os.getcwd()
sys.audit("difftest.value", "getcwd", os.path.basename(start), os.path.isabs(start))
os.makedirs("a/b")
open("a/f", "w").close()
os.chdir("a")
sys.audit("difftest.value", "after chdir", os.getcwd() == os.path.join(start, "a"), sorted(os.listdir()), sorted(os.listdir(".")), sorted(os.listdir(b".")))
os.chdir("..")
os.chdir(start + "/a/b")
sys.audit("difftest.value", "abs chdir", os.path.relpath(os.getcwd(), start))
os.chdir(b"..")
sys.audit("difftest.value", "bytes chdir", os.path.relpath(os.getcwd(), start))
os.chdir(start)
for bad in ["missing", "a/f", ""]:
    try:
        os.chdir(bad)
    except OSError as e:
        sys.audit("difftest.value", "chdir error", bad, type(e).__name__, str(e))
for bad in ["missing", "a/f", ""]:
    try:
        os.listdir(bad)
    except OSError as e:
        sys.audit("difftest.value", "listdir error", bad, type(e).__name__, str(e))
sys.audit("difftest.value", "unchanged", os.getcwd() == start)
