import sys
f = open("a.bin", "w+b")
f.write(b"0123456789")
sys.audit("difftest.value", "tell", f.tell(), f.seek(2), f.read(3), f.tell(), f.seek(-2, 2), f.read(), f.seek(0, 1))
sys.audit("difftest.value", "truncate", f.truncate(4), f.tell(), f.seek(0), f.read())
sys.audit("difftest.value", "modes", f.readable(), f.writable(), f.seekable(), f.fileno() > 2)
f.close()
f = open("a.bin", "rb")
sys.audit("difftest.value", "r modes", f.readable(), f.writable())
f.close()
f = open("t.txt", "w", encoding="utf-8", newline="")
f.write("x\n")
f.close()
f = open("t.txt", encoding="utf-8", errors="strict")
sys.audit("difftest.value", "text", f.read(), f.seek(0), f.readline())
f.close()
for kw in ({"encoding": "latin-1x"}, {"newline": "x"}):
    try:
        open("t.txt", **kw)
    except (LookupError, ValueError) as e:
        sys.audit("difftest.value", "bad", type(e).__name__)
try:
    open("t.txt", "rb", encoding="utf-8")
except ValueError as e:
    sys.audit("difftest.value", "binary enc", type(e).__name__, str(e))
