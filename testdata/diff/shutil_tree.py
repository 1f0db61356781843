import os, shutil, sys
os.makedirs("src/sub")
open("src/a.txt", "w").write("a")
open("src/skip.tmp", "w").write("t")
open("src/sub/b.txt", "w").write("b")
os.symlink("a.txt", "src/ln")
for p in ["src/a.txt", "src/skip.tmp", "src/sub/b.txt", "src/sub", "src"]:
    os.utime(p, (4000000000, 1000000000))  # atime ahead: reads leave it (relatime)
os.utime("src/ln", (4000000000, 1000000000), follow_symlinks=False)
sys.audit("difftest.value", "copytree", shutil.copytree("src", "dst", ignore=shutil.ignore_patterns("*.tmp")))
sys.audit("difftest.value", "tree", sorted(os.listdir("dst")), os.path.islink("dst/ln"), open("dst/sub/b.txt").read())
shutil.copytree("src", "dst2", symlinks=True)
sys.audit("difftest.value", "symlinks", os.path.islink("dst2/ln"), os.readlink("dst2/ln"))
try:
    shutil.copytree("src", "dst")
except OSError as e:
    sys.audit("difftest.value", "exists", type(e).__name__, str(e))
shutil.copytree("src", "dst", dirs_exist_ok=True)
shutil.rmtree("dst")
sys.audit("difftest.value", "rmtree", os.path.exists("dst"))
try:
    shutil.rmtree("nope")
except OSError as e:
    sys.audit("difftest.value", "rmtree missing", type(e).__name__, str(e))
shutil.rmtree("nope", ignore_errors=True)
try:
    shutil.rmtree("src/ln")
except OSError as e:
    sys.audit("difftest.value", "rmtree link", type(e).__name__, str(e))
sys.audit("difftest.value", "ignore_patterns", sorted(shutil.ignore_patterns("*.tmp", "b*")("x", ["a.tmp", "b.txt", "c"])))
