import os, sys
os.makedirs("d1/sub")
os.makedirs("d2/x")
os.mkdir("empty")
open("f", "w").write("f")
open("g", "w").write("g")
os.rename("f", "g")
sys.audit("difftest.value", "file onto file", open("g").read(), os.path.exists("f"))
os.replace(b"g", b"h")
os.rename("d1", "empty")
sys.audit("difftest.value", "dir onto empty", os.listdir("empty"))
os.rename("h", "h")
for fn, src, dst in [(os.rename, "missing", "x"), (os.rename, "h", "nodir/x"), (os.rename, "empty", "d2"), (os.replace, "empty", "d2"), (os.rename, "empty", "empty/sub/inner"), (os.rename, "h", "empty"), (os.replace, "empty", "h"), (os.rename, "h/", "i"), (os.rename, "", "x"), (os.rename, "/proc/version", "v")]:
    try:
        fn(src, dst)
        sys.audit("difftest.value", "ok", src, dst)
    except OSError as e:
        sys.audit("difftest.value", "error", src, dst, type(e).__name__, str(e))
sys.audit("difftest.value", "left", sorted(os.listdir(".")))
