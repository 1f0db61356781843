import io, sys
f = open("u.txt", "w", encoding="utf-8", errors="strict", buffering=1)
sys.audit("difftest.value", "w", f.name, f.mode, f.closed, f.readable(), f.writable(), f.seekable(), f.fileno() > 2)
f.write("naïve café\nzweite Zeile\ndritte\n")
f.close()
sys.audit("difftest.value", "closed", f.closed)
try:
    f.write("x")
except ValueError as e:
    sys.audit("difftest.value", "write closed", type(e).__name__, str(e))
f = open("u.txt", encoding="UTF-8")
sys.audit("difftest.value", "read(n)", f.read(4), f.tell(), f.read(3), f.readline(4), f.readline(), f.tell())
sys.audit("difftest.value", "seek", f.seek(0), f.readline(100), f.seek(0, 2), f.read(), f.tell())
try:
    f.seek(2, 1)
except io.UnsupportedOperation as e:
    sys.audit("difftest.value", "seek cur", type(e).__name__, str(e))
try:
    f.write("no")
except io.UnsupportedOperation as e:
    sys.audit("difftest.value", "read-only", type(e).__name__, str(e))
f.close()
f = open("u.txt", "r+", encoding="utf-8")
sys.audit("difftest.value", "r+", f.mode, f.readable(), f.writable(), f.readline(), f.tell())
sys.audit("difftest.value", "truncate", f.truncate(f.tell()), f.tell(), f.seek(0), f.read())
f.close()
f = open("u.txt", "r+b")
sys.audit("difftest.value", "r+b", f.mode, f.readline(), f.truncate(), f.tell(), f.seek(0), f.read())
f.close()
f = open("u.txt", "a", encoding="ascii", errors="replace")
sys.audit("difftest.value", "a", f.mode, f.readable(), f.writable(), f.tell())
f.write("tail\n")
try:
    f.read()
except io.UnsupportedOperation as e:
    sys.audit("difftest.value", "write-only", type(e).__name__, str(e))
f.close()
f = open("new.txt", "x")
sys.audit("difftest.value", "x", f.mode, f.readable(), f.writable())
f.close()
try:
    open("new.txt", "x")
except FileExistsError as e:
    sys.audit("difftest.value", "x exists", type(e).__name__, str(e))
f = open("u.txt", "rt")
sys.audit("difftest.value", "all", f.readlines(), f.readline(), f.read())
f.close()
try:
    open(".")
except IsADirectoryError as e:
    sys.audit("difftest.value", "dir", type(e).__name__, str(e))
