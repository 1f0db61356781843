import os, sys
p = os.path
os.makedirs("real/sub")
open("real/sub/f", "w").close()
os.symlink("real", "link")
os.symlink("sub/f", "real/flink")
os.symlink("missing", "dangling")
os.symlink("loop", "loop")
cwd = os.getcwd()
for s in ["link/sub/f", "real/flink", "dangling", "dangling/x/..", "link/../real", "loop", "nonexist/a", "."]:
    sys.audit("difftest.value", "realpath", s, p.realpath(s).replace(cwd, "CWD"))
try:
    p.realpath("dangling", strict=True)
except OSError as e:
    sys.audit("difftest.value", "strict", type(e).__name__)
sys.audit("difftest.value", "islink", p.islink("link"), p.islink("real"), p.islink("dangling"), p.islink("none"))
sys.audit("difftest.value", "lexists", p.lexists("dangling"), p.exists("dangling"), p.lexists("none"))
sys.audit("difftest.value", "samefile", p.samefile("link/sub/f", "real/flink"), p.samefile("real", "real/sub"))
try:
    p.samefile("none", "real")
except OSError as e:
    sys.audit("difftest.value", "samefile missing", type(e).__name__, str(e))
try:
    p.getmtime("none")
except OSError as e:
    sys.audit("difftest.value", "getmtime missing", type(e).__name__, str(e))
os.utime("real/sub/f", (10, 20))
sys.audit("difftest.value", "times", p.getmtime("real/sub/f"), p.getatime("link/sub/f"), p.getctime("real/sub/f") > 0)
