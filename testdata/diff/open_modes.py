import sys
f = open("a.txt", "w")
sys.audit("difftest.value", "write", f.write("héllo\nworld\n"))
f.close()
f = open("a.txt", "a")
f.write("more\n")
f.close()
f = open("a.txt", "rb")
sys.audit("difftest.value", "read", f.read())
f.close()
f = open("a.txt")
sys.audit("difftest.value", "readline", f.readline(), f.readlines())
f.close()
f = open("b.bin", "xb")
f.close()
f = open("b.bin", "r+")
f.close()
for mode in ("rw", "q"):
    try:
        open("a.txt", mode)
    except ValueError as e:
        sys.audit("difftest.value", "badmode", type(e).__name__, str(e))
try:
    open("missing.txt")
except OSError as e:
    sys.audit("difftest.value", "missing", type(e).__name__, str(e))
