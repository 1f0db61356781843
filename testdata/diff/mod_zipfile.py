import os, sys, zipfile
os.makedirs("src/sub")
for p, data in [("src/a.txt", "A"), ("src/sub/b.txt", "BB")]:
    f = open(p, "w")
    f.write(data)
    f.close()
    os.utime(p, (1700000000, 1700000000))
for mode, name in [("w", "z.zip"), ("x", "z2.zip")]:
    z = zipfile.ZipFile(name, mode, compression=zipfile.ZIP_DEFLATED)
    z.write("src/a.txt")
    z.write("src/sub", arcname="sub")
    z.write("src/sub/b.txt", arcname="sub/b.txt")
    z.writestr("notes/readme.txt", "hello")
    z.close()
z = zipfile.ZipFile("z.zip")
sys.audit("difftest.value", "names", z.namelist())
i = z.getinfo("src/a.txt")
sys.audit("difftest.value", "info", i.filename, i.file_size, i.compress_type, list(i.date_time), i.is_dir(), z.getinfo("sub/").is_dir())
sys.audit("difftest.value", "infolist", [x.filename for x in z.infolist()])
sys.audit("difftest.value", "read", z.read("sub/b.txt"), z.read(z.getinfo("notes/readme.txt")))
z.extractall("out")
sys.audit("difftest.value", "extract", z.extract("src/a.txt", "one"), z.extract("sub/b.txt", "one"))
z.extractall("some", members=["notes/readme.txt"])
z.close()
sys.audit("difftest.value", "out", sorted(os.listdir("out")), open("out/sub/b.txt").read(), open("some/notes/readme.txt").read())
sys.audit("difftest.value", "is_zipfile", zipfile.is_zipfile("z.zip"), zipfile.is_zipfile("src/a.txt"), zipfile.is_zipfile("missing.zip"))
try:
    z = zipfile.ZipFile("z.zip")
    z.read("nope")
except Exception as e:
    sys.audit("difftest.value", "nope", type(e).__name__, str(e))
try:
    zipfile.ZipFile("src/a.txt")
except Exception as e:
    sys.audit("difftest.value", "not zip", type(e).__name__, str(e))
try:
    zipfile.ZipFile("missing.zip")
except Exception as e:
    sys.audit("difftest.value", "missing", type(e).__name__, str(e))
try:
    zipfile.ZipFile("z.zip", "q")
except Exception as e:
    sys.audit("difftest.value", "mode", type(e).__name__, str(e))
