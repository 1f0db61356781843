import os, shutil, sys
os.makedirs("src/sub")
open("src/f", "w").write("f")
open("a", "w").write("a")
os.mkdir("dest")
os.symlink("a", "ln")
sys.audit("difftest.value", "rename file", shutil.move("a", "b"), os.path.exists("a"), open("b").read())
sys.audit("difftest.value", "into dir", shutil.move("b", "dest"), os.listdir("dest"))
sys.audit("difftest.value", "into dir slash", shutil.move("src/", "dest/"), sorted(os.listdir("dest")))
sys.audit("difftest.value", "dir rename", shutil.move("dest/src", "moved"), sorted(os.listdir("moved")))
sys.audit("difftest.value", "symlink", shutil.move("ln", "ln2"), os.readlink("ln2"))
sys.audit("difftest.value", "same dir", shutil.move("moved", "moved"))
open("c", "w").write("c")
open("dest/c", "w").write("old")
for src, dst in [("c", "dest"), ("missing", "x"), ("c", "nodir/x"), ("moved", "moved/sub"), ("moved", "c")]:
    try:
        shutil.move(src, dst)
        sys.audit("difftest.value", "ok", src, dst)
    except OSError as e:
        sys.audit("difftest.value", "error", src, dst, type(e).__name__, str(e))
open("c2", "w").write("replaced")
sys.audit("difftest.value", "onto file", shutil.move("c2", "c"), open("c").read())
sys.audit("difftest.value", "copy_function", shutil.move("c", "d", copy_function=shutil.copy))
sys.audit("difftest.value", "left", sorted(os.listdir(".")), sorted(os.listdir("moved")))
