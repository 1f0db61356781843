import os, stat, sys
open("f", "w").close()
os.mkdir("d")
os.symlink("f", "ln")
for mode in [0o600, 0o755, 0o4755, 0o2750, 0o1777, 0o000, 0o7777]:
    os.chmod("f", mode)
    sys.audit("difftest.value", "mode", ("%o" % (mode)), ("%o" % (os.stat("f").st_mode & 0o7777)), os.access("f", os.R_OK))
os.chmod("ln", 0o640)
sys.audit("difftest.value", "through link", ("%o" % (os.stat("f").st_mode & 0o777)), ("%o" % (os.lstat("ln").st_mode & 0o777)))
os.chmod(b"d", 0o500)
sys.audit("difftest.value", "dir", ("%o" % (os.stat("d").st_mode & 0o777)), os.access("d", os.W_OK) == (os.geteuid() == 0))
os.chmod("d", 0o755)
for p in ["missing", "f/x", "", "/proc/self"]:
    try:
        os.chmod(p, 0o644)
        sys.audit("difftest.value", "ok", p)
    except OSError as e:
        sys.audit("difftest.value", "error", p, type(e).__name__, str(e))
