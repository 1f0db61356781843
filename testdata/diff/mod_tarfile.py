import base64, os, sys, tarfile
# Replaces the hand-copied CPython trace of the old tarfile unit test:
# writing (add), listing, extracting (events per member, CPython's order)
# and the data filter's refusals, compared with CPython's own events.
os.makedirs("src/sub")
for p, data in [("src/a.txt", "A"), ("src/run.sh", "#!/bin/sh\n"), ("src/sub/deep.txt", "deep")]:
    f = open(p, "w")
    f.write(data)
    f.close()
os.symlink("a.txt", "src/link")
for p, mode in [("src/a.txt", 0o644), ("src/run.sh", 0o755), ("src/sub/deep.txt", 0o600), ("src/sub", 0o755), ("src", 0o755)]:
    os.chmod(p, mode)
    os.utime(p, (1700000000, 1700000000))
for mode, name in [("w", "t.tar"), ("w:gz", "t.tar.gz"), ("w:xz", "t.tar.xz"), ("x", "t2.tar")]:
    t = tarfile.open(name, mode)
    t.add("src/a.txt", arcname="top/a.txt")
    t.add("src/sub", arcname="top/sub")
    t.add("src/run.sh", recursive=False)
    t.add("src/link", arcname="top/link")
    t.close()
    t = tarfile.open(name)
    sys.audit("difftest.value", name, t.getnames())
    t.close()
t = tarfile.open("t.tar.gz", "r:gz")
m = t.getmember("top/a.txt")
sys.audit("difftest.value", "member", m.name, m.size, m.mode, m.mtime, m.isfile(), m.isdir(), m.issym())
l = t.getmember("top/link")
sys.audit("difftest.value", "link", l.issym(), l.linkname, l.type)
sys.audit("difftest.value", "members", [x.name for x in t.getmembers()])
sys.audit("difftest.value", "read", t.extractfile("top/sub/deep.txt").read(), t.extractfile("top/sub"))
t.extractall("out", filter="data")
t.extract("top/a.txt", "one", filter="data")
t.extractall("some", members=[t.getmember("src/run.sh")], filter="data")
t.close()
sys.audit("difftest.value", "out", sorted(os.listdir("out/top")), os.stat("out/top/sub/deep.txt").st_mode & 0o777, os.readlink("out/top/link"))
sys.audit("difftest.value", "some", os.listdir("some/src"), os.stat("some/src/run.sh").st_mode & 0o777)
sys.audit("difftest.value", "is_tarfile", tarfile.is_tarfile("t.tar.xz"), tarfile.is_tarfile("src/a.txt"))
# Members the data filter refuses, one extraction each.
f = open("evil.tar.gz", "wb")
f.write(base64.b64decode("H4sIAAAAAAACA+3X3wqCMBiH4V3KrmB++9eux9IoghKd4eW3ebggIdhQ9ntOBnqg8vFOfT2EXzzLioiMszauUbrG00waq4xzZNbjTirFOLEC5sm3I+esUtf7s2dQLSGaeci8BcTCT8b86F+l/Wvt0H+Rxx/QQM2a9jzl/gLY7l9/9a8s+i8hjB8RVKyfLtmvsd0/pf3HLYGr8HEiBPrPOn+/y/krSWH+TYG7q3z+Xf/e4/wdScb1kd7/6cMdxK0duz32H34JuQz7/4L+AQAAAAAAAAAAAP7yAblqb04AKAAA"))
f.close()
t = tarfile.open("evil.tar.gz")
sys.audit("difftest.value", "evil", t.getnames())
for name in ["ok.txt", "../up.txt", "/abs.txt", "esc", "etc", "dev", "hard"]:
    try:
        t.extract(name, "dest", filter="data")
        sys.audit("difftest.value", name, "extracted")
    except Exception as e:
        sys.audit("difftest.value", name, type(e).__name__, str(e))
t.close()
sys.audit("difftest.value", "dest", sorted(os.listdir("dest")), os.stat("dest/ok.txt").st_mode & 0o7777, os.path.exists("up.txt"))
for mode in ["r:lz4", "w:bz2x"]:
    try:
        tarfile.open("t.tar", mode)
    except Exception as e:
        sys.audit("difftest.value", mode, type(e).__name__, str(e))
try:
    tarfile.open("missing.tar")
except Exception as e:
    sys.audit("difftest.value", "missing", type(e).__name__, str(e))
