import os, sys
old = os.umask(0o022)
os.mkdir("m1", 0o777)
os.mkdir(b"m2", 0o700)
os.makedirs("m3/a/b", 0o750)
sys.audit("difftest.value", "modes", ("%o" % (os.stat("m1").st_mode & 0o777)), ("%o" % (os.stat("m2").st_mode & 0o777)), ("%o" % (os.stat("m3").st_mode & 0o777)), ("%o" % (os.stat("m3/a/b").st_mode & 0o777)))
os.makedirs("m4/./c/")
os.makedirs("m5/../m6")
sys.audit("difftest.value", "dots", sorted(os.listdir(".")), os.listdir("m4"))
open("f", "w").close()
for args, kw in [(("m1",), {}), (("nodir/x",), {}), (("f/x",), {}), (("",), {}), (("/proc/dt",), {})]:
    try:
        os.mkdir(*args, **kw)
    except OSError as e:
        sys.audit("difftest.value", "mkdir error", args[0], type(e).__name__, str(e))
for args, kw in [(("m3/a",), {}), (("f",), {"exist_ok": True}), (("f/x/y",), {}), (("",), {})]:
    try:
        os.makedirs(*args, **kw)
    except OSError as e:
        sys.audit("difftest.value", "makedirs error", args[0], type(e).__name__, str(e))
os.makedirs("m3/a", exist_ok=True)
os.umask(old)
