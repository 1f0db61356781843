import gzip, os, sys
# Log rotation the gzip way: write, append a member, read back by lines.
f = gzip.open("app.log.gz", "wt")
f.write("line one\nline two\n")
f.close()
f = gzip.open("app.log.gz", "ab")
f.write(b"line three\n")
f.close()
f = gzip.open("app.log.gz", "rt")
sys.audit("difftest.value", "lines", f.readlines())
f.close()
f = gzip.open("app.log.gz")
sys.audit("difftest.value", "binary", f.read(), f.name)
f.close()
f = gzip.open("app.log.gz", "rt")
sys.audit("difftest.value", "iter", [l.strip() for l in f])
f.close()
f = gzip.open("new.gz", "xb")
f.write(b"x" * 1000)
f.close()
sys.audit("difftest.value", "size", len(gzip.decompress(open("new.gz", "rb").read())))
data = gzip.compress(b"hello", mtime=0)
sys.audit("difftest.value", "compress", gzip.decompress(data), data[:4], gzip.decompress(data + gzip.compress(b" world")))
for bad in [b"not gzip at all", data[:10]]:
    try:
        gzip.decompress(bad)
    except Exception as e:
        sys.audit("difftest.value", "bad", type(e).__name__, str(e))
try:
    gzip.open("missing.gz")
except Exception as e:
    sys.audit("difftest.value", "missing", type(e).__name__, str(e))
try:
    gzip.open("x.gz", "q")
except Exception as e:
    sys.audit("difftest.value", "mode", type(e).__name__, str(e))
f = open("plain.txt", "w")
f.write("plain")
f.close()
try:
    gzip.open("plain.txt").read()
except Exception as e:
    sys.audit("difftest.value", "plain", type(e).__name__, str(e))
