import os, shutil, subprocess, sys
open("a", "w").write("alpha")
os.mkdir("d")
os.symlink("a", "la")
os.utime("la", (4000000000, 1000000000), follow_symlinks=False)  # atime ahead: reads leave it (relatime)
sys.audit("difftest.value", "copyfile", shutil.copyfile("a", "b"), open("b").read())
open("c", "w").write("old contents, longer")
sys.audit("difftest.value", "overwrite", shutil.copyfile("a", "c"), open("c").read())
sys.audit("difftest.value", "via link", shutil.copyfile("la", "e"), os.path.islink("e"))
sys.audit("difftest.value", "bytes", shutil.copyfile(b"a", b"g"))
sys.audit("difftest.value", "no follow", shutil.copyfile("la", "h", follow_symlinks=False), os.path.islink("h"), os.readlink("h"))
sys.audit("difftest.value", "copy no follow", shutil.copy("la", "i", follow_symlinks=False), os.path.islink("i"))
sys.audit("difftest.value", "copy2 no follow", shutil.copy2("la", "j", follow_symlinks=False), os.path.islink("j"))
for src, dst in [("a", "a"), ("a", "la"), ("missing", "x"), ("a", "d"), ("d", "x"), ("a", "nodir/x"), ("a", "nodir/"), ("a", "/proc/version/x"), ("a", "/sys/kernel/notes")]:
    try:
        shutil.copyfile(src, dst)
        sys.audit("difftest.value", "ok", src, dst)
    except OSError as e:
        sys.audit("difftest.value", "error", src, dst, type(e).__name__, str(e))
subprocess.run(["mkfifo", "fifo"], check=True)
try:
    shutil.copyfile("fifo", "x")
except OSError as e:
    sys.audit("difftest.value", "fifo", type(e).__name__, str(e))
