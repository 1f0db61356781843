import os, sys
os.makedirs("d/sub")
open("d/f", "w").close()
open("g", "w").close()
os.remove("g")
os.unlink(b"d/f")
sys.audit("difftest.value", "removed", os.path.exists("g"), sorted(os.listdir("d")))
for fn, arg in [(os.remove, "g"), (os.remove, "d"), (os.unlink, "d/sub"), (os.remove, "nodir/x"), (os.remove, ""), (os.rmdir, "d"), (os.rmdir, "missing"), (os.rmdir, "d/sub/."), (os.rmdir, ""), (os.remove, "/proc/version"), (os.rmdir, "/proc/self/fd")]:
    try:
        fn(arg)
        sys.audit("difftest.value", "ok", arg)
    except OSError as e:
        sys.audit("difftest.value", "error", arg, type(e).__name__, str(e))
open("h", "w").close()
try:
    os.rmdir("h")
except OSError as e:
    sys.audit("difftest.value", "rmdir file", type(e).__name__, str(e))
try:
    os.remove("h/")
except OSError as e:
    sys.audit("difftest.value", "remove slash", type(e).__name__, str(e))
try:
    os.remove("a\0b")
except ValueError as e:
    sys.audit("difftest.value", "nul", type(e).__name__, str(e))
os.rmdir("d/sub/")
os.rmdir("d")
sys.audit("difftest.value", "gone", sorted(os.listdir(".")))
