import os, sys, tempfile
# The names are random: the driver compares "tmp" + 8 name characters as
# any such name (README.md, intended difference 13); values reported here
# are the deterministic parts. spython's mkstemp gives a file object where
# CPython gives a descriptor (docs/stdlib.md): os.write/os.close here are
# f.write/f.close there, neither raises an event.
os.mkdir("work")
fd, path = tempfile.mkstemp(suffix=".txt", dir="work")
sys.audit("difftest.value", "mkstemp", os.path.dirname(path) == os.path.abspath("work"), os.path.basename(path)[:3], path.endswith(".txt"), len(os.path.basename(path)))
os.write(fd, b"data")
os.close(fd)
sys.audit("difftest.value", "mkstemp content", open(path).read(), os.stat(path).st_mode & 0o777)
os.remove(path)
fd, path = tempfile.mkstemp(prefix="tmp", suffix=".csv", dir="work", text=True)
os.close(fd)
sys.audit("difftest.value", "mkstemp text", os.path.basename(path)[:3], path.endswith(".csv"))
d = tempfile.mkdtemp(dir="work")
sys.audit("difftest.value", "mkdtemp", os.path.isdir(d), os.stat(d).st_mode & 0o777, os.path.isabs(d), os.path.basename(d)[:3])
os.rmdir(d)
d = tempfile.mkdtemp(suffix=".d", dir="work")
sys.audit("difftest.value", "mkdtemp suffix", d.endswith(".d"))
f = tempfile.NamedTemporaryFile(mode="w", suffix=".log", dir="work")
f.write("hello")
f.flush()
sys.audit("difftest.value", "named", f.name.endswith(".log"), os.path.exists(f.name), open(f.name).read())
name = f.name
f.close()
sys.audit("difftest.value", "named closed", os.path.exists(name))
f = tempfile.NamedTemporaryFile(dir="work", delete=False)
f.write(b"kept")
f.close()
sys.audit("difftest.value", "kept", os.path.exists(f.name), open(f.name, "rb").read())
os.remove(f.name)
t = tempfile.TemporaryDirectory(dir="work")
open(os.path.join(t.name, "inner.txt"), "w").close()
os.mkdir(os.path.join(t.name, "sub"))
sys.audit("difftest.value", "tempdir", os.path.isdir(t.name), sorted(os.listdir(t.name)))
tname = t.name
t.cleanup()
sys.audit("difftest.value", "tempdir cleaned", os.path.exists(tname))
sys.audit("difftest.value", "prefix", tempfile.gettempprefix())
try:
    tempfile.mkstemp(dir="missing")
except Exception as e:
    sys.audit("difftest.value", "missing", type(e).__name__)
