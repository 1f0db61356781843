import os, sys
open("f", "w").write("abcdef")
os.utime("f", (1000000000, 1500000000))
st = os.stat("f")
sys.audit("difftest.value", "times", st.st_atime, st.st_mtime, os.path.getmtime("f"), os.path.getatime("f"))
os.utime("f", ns=(1000000000123456789, 1500000000987654321))
sys.audit("difftest.value", "ns", os.stat("f").st_mtime_ns, os.stat("f").st_atime_ns)
os.utime("f", (1.5, 2.25))
sys.audit("difftest.value", "float", os.stat("f").st_mtime)
os.utime("f")
os.truncate("f", 3)
sys.audit("difftest.value", "truncated", open("f").read())
try:
    os.utime("f", (1, 2), ns=(1, 2))
except ValueError as e:
    sys.audit("difftest.value", "both", type(e).__name__)
try:
    os.truncate("missing", 0)
except OSError as e:
    sys.audit("difftest.value", "truncate missing", type(e).__name__, str(e))
