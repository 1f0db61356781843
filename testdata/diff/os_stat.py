import os, sys
f = open("f.txt", "w"); f.write("12345"); f.close()
os.symlink("f.txt", "ln")
st = os.stat("f.txt")
sys.audit("difftest.value", "stat", st.st_size, st.st_mode, st.st_nlink, st.st_uid == os.getuid())
lst = os.lstat("ln")
sys.audit("difftest.value", "lstat", oct(lst.st_mode)[:4], os.stat("ln").st_size)
sys.audit("difftest.value", "stat ns", st.st_mtime_ns == int(st.st_mtime * 1e9) or abs(st.st_mtime_ns - st.st_mtime * 1e9) < 1000)
try:
    os.stat("missing")
except OSError as e:
    sys.audit("difftest.value", "missing", type(e).__name__, str(e))
sys.audit("difftest.value", "readlink", os.readlink("ln"))
try:
    os.readlink("f.txt")
except OSError as e:
    sys.audit("difftest.value", "readlink file", type(e).__name__, str(e))
