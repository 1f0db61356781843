import os, shutil, sys
sys.audit("difftest.value", "which", shutil.which("sh"), shutil.which("no-such-cmd-dt"), shutil.which("sh", path="/nonexistent:/bin"), shutil.which("/bin/sh"), shutil.which("ls", path=""))
u = shutil.disk_usage(".")
sys.audit("difftest.value", "disk_usage", u.total >= u.used, u.total >= u.free, len(u), u[0] == u.total)
open("f", "w").close()
uid = os.getuid()
shutil.chown("f", user=uid)
shutil.chown("f", group=os.getgid())
shutil.chown("f", "root", "root") if uid == 0 else None
try:
    shutil.chown("f")
except ValueError as e:
    sys.audit("difftest.value", "chown none", type(e).__name__, str(e))
try:
    shutil.chown("f", user="no-such-user-dt")
except LookupError as e:
    sys.audit("difftest.value", "chown bad", type(e).__name__, str(e))
