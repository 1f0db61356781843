import base64, os, shutil, sys, tarfile, zipfile
# A tree with fixed times (member times are in the events), one file per
# directory (os.walk lists files in directory order).
os.makedirs("src/sub")
for p, data in [("src/a.txt", "A"), ("src/sub/b.txt", "BB")]:
    f = open(p, "w")
    f.write(data)
    f.close()
for p in ["src/a.txt", "src/sub/b.txt", "src/sub", "src"]:
    os.chmod(p, 0o755 if p in ("src", "src/sub") else 0o644)
    os.utime(p, (1700000000, 1700000000))
for fmt in ["zip", "tar", "gztar", "xztar"]:
    name = shutil.make_archive("out_" + fmt, fmt, root_dir="src")
    sys.audit("difftest.value", fmt, os.path.basename(name))
    if fmt == "zip":
        z = zipfile.ZipFile(name)
        sys.audit("difftest.value", "zip names", z.namelist())
        z.close()
        shutil.unpack_archive(name, "x_zip")
    else:
        t = tarfile.open(name)
        sys.audit("difftest.value", fmt + " names", t.getnames())
        t.close()
        shutil.unpack_archive(name, "x_" + fmt, filter="data")
    sys.audit("difftest.value", fmt + " content", open("x_" + fmt + "/sub/b.txt").read())
# A bzip2 tar (spython reads bz2 but cannot write it: docs/stdlib.md).
f = open("in.tar.bz2", "wb")
f.write(base64.b64decode("QlpoOTFBWSZTWeo6uUsAAJB/gMmAAAJAAf+ACAAAQngAHlAICCAAdBKk9NTJoA0HqA0EkoB6gaNAaA+6e2DFCQEakkIzhIjZcDmEZhxCGEyl6TUHKSEAOGUBhRDGGBtB8DMYiXWQIkZIImKkyihwM9uz4pQ9+JULhzg/F3JFOFCQ6jq5Sw=="))
f.close()
shutil.unpack_archive("in.tar.bz2", "x_bz", filter="data")
sys.audit("difftest.value", "bztar content", open("x_bz/bz/c.txt").read())
# With base_dir, into a directory that does not exist yet, and an
# explicit format.
shutil.make_archive("arch/based", "zip", root_dir=".", base_dir="src")
z = zipfile.ZipFile("arch/based.zip")
sys.audit("difftest.value", "based zip", z.namelist())
z.close()
shutil.make_archive("arch/based", "gztar", root_dir=".", base_dir="src")
shutil.unpack_archive("arch/based.tar.gz", "x_based", "gztar", filter="data")
sys.audit("difftest.value", "based", sorted(os.listdir("x_based/src")))
# unpack_archive of a zip skips absolute names and names with "..".
z = zipfile.ZipFile("evil.zip", "w")
z.writestr("../up.txt", "x")
z.writestr("/abs.txt", "x")
z.writestr("ok/fine.txt", "fine")
z.close()
shutil.unpack_archive("evil.zip", "x_evil")
sys.audit("difftest.value", "evil", sorted(os.listdir("x_evil")), os.path.exists("up.txt"))
# Refusals.
try:
    shutil.make_archive("bad", "rar")
except Exception as e:
    sys.audit("difftest.value", "rar", type(e).__name__, str(e))
try:
    shutil.unpack_archive("notes.txt", "x")
except Exception as e:
    sys.audit("difftest.value", "unknown", type(e).__name__, str(e))
try:
    shutil.unpack_archive("x.tar", "x", "arj")
except Exception as e:
    sys.audit("difftest.value", "arj", type(e).__name__, str(e))
f = open("junk.tar", "w")
f.write("not an archive")
f.close()
try:
    shutil.unpack_archive("junk.tar", "x")
except Exception as e:
    sys.audit("difftest.value", "junk", type(e).__name__, str(e))
try:
    shutil.unpack_archive("junk.zip", "x")
except Exception as e:
    sys.audit("difftest.value", "junk zip", type(e).__name__, str(e))
