import os, sys
open("f", "w").close()
os.symlink("f", "ln")
uid, gid = os.getuid(), os.getgid()
os.chown("f", uid, gid)
os.chown("f", -1, -1)
os.chown(b"f", uid, -1)
os.chown("ln", -1, gid, follow_symlinks=False)
st = os.stat("f")
sys.audit("difftest.value", "owner", st.st_uid == uid, st.st_gid == gid)
other = 1 if uid == 0 else 0
try:
    os.chown("f", other, -1)
    sys.audit("difftest.value", "give away", os.stat("f").st_uid == other)
except OSError as e:
    sys.audit("difftest.value", "give away", type(e).__name__, str(e))
for p in ["missing", "f/x", ""]:
    try:
        os.chown(p, uid, gid)
    except OSError as e:
        sys.audit("difftest.value", "error", p, type(e).__name__, str(e))
try:
    os.chown("f", "root", 0)
except TypeError as e:
    sys.audit("difftest.value", "str uid", type(e).__name__)
