import os, sys
open("f", "w").write("12345")
os.mkdir("d")
os.symlink("f", "l1")
os.symlink(b"d", b"l2", target_is_directory=True)
os.symlink("/nonexistent/target", "l3")
os.symlink("l1", "l4")
os.symlink("../f", "d/up")
for p in ["l1", "l2", "l3", "l4", "d/up", b"l1"]:
    sys.audit("difftest.value", "readlink", p, os.readlink(p), os.path.islink(p), os.path.exists(p), os.lstat(p).st_mode >> 12 == 0o12)
sys.audit("difftest.value", "stat through", os.stat("l4").st_size, os.stat("d/up").st_size, os.stat("l4", follow_symlinks=False).st_size == len("l1"))
sys.audit("difftest.value", "read through", open("l4").read())
for src, dst in [("f", "l1"), ("f", "d"), ("f", "nodir/x"), ("f", "")]:
    try:
        os.symlink(src, dst)
    except OSError as e:
        sys.audit("difftest.value", "symlink error", src, dst, type(e).__name__, str(e))
for p in ["missing", "d", "", "f/x"]:
    try:
        os.readlink(p)
    except OSError as e:
        sys.audit("difftest.value", "readlink error", p, type(e).__name__, str(e))
for p in ["l3", "missing"]:
    try:
        os.stat(p)
    except OSError as e:
        sys.audit("difftest.value", "stat error", p, type(e).__name__, str(e))
os.symlink("loop2", "loop1")
os.symlink("loop1", "loop2")
try:
    os.stat("loop1")
except OSError as e:
    sys.audit("difftest.value", "loop", type(e).__name__, str(e))
os.remove("l1")
sys.audit("difftest.value", "dangling now", os.path.exists("l4"), os.path.lexists("l4"), os.path.exists("f"))
