import os, shutil, sys
# Another file system than the working directory's: the first of these on
# another device (the same choice in both runs); its own name, unique to
# this run, so that concurrent runs do not meet.
here = os.stat(".").st_dev
other = [d for d in ["/dev/shm", "/run", "/var/tmp"] if os.path.isdir(d) and os.access(d, os.W_OK) and os.stat(d).st_dev != here]
sys.audit("difftest.value", "other fs found", len(other) > 0)
base = os.path.join(other[0] if other else ".", "dt-" + os.path.basename(os.path.dirname(os.getcwd())))
os.makedirs("tree/sub")
open("tree/f", "w").write("f")
open("tree/sub/g", "w").write("g")
os.symlink("f", "tree/ln")
for p in ["tree/f", "tree/sub/g", "tree/sub", "tree"]:
    os.utime(p, (4000000000, 1000000000))  # atime ahead: reads leave it (relatime)
os.utime("tree/ln", (4000000000, 1000000000), follow_symlinks=False)
open("file", "w").write("data")
os.chmod("file", 0o640)
os.utime("file", (4000000000, 1100000000))
os.symlink("file", "link")
os.mkdir(base)
moved = shutil.move("tree", base)
sys.audit("difftest.value", "dir", moved == os.path.join(base, "tree"), os.path.exists("tree"), sorted(os.listdir(moved)), os.readlink(os.path.join(moved, "ln")), open(os.path.join(moved, "sub/g")).read())
sys.audit("difftest.value", "dir times", os.stat(os.path.join(moved, "sub/g")).st_mtime)
m = shutil.move("file", base + "/file2")
st = os.stat(m)
sys.audit("difftest.value", "file", os.path.exists("file"), open(m).read(), st.st_mode & 0o777, st.st_mtime)
shutil.move("link", base)
sys.audit("difftest.value", "symlink", os.path.lexists("link"), os.readlink(base + "/link"))
shutil.move(base + "/tree", "back")
sys.audit("difftest.value", "back", sorted(os.listdir("back")))
shutil.rmtree(base)
sys.audit("difftest.value", "cleaned", os.path.exists(base))
