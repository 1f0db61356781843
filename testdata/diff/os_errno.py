import errno, os, subprocess, sys
os.mkdir("d")
open("d/f", "w").close()
open("a", "w").close()
cases = [
    ("remove missing", os.remove, ("missing",)),
    ("mkdir exists", os.mkdir, ("d",)),
    ("rmdir not empty", os.rmdir, ("d",)),
    ("listdir file", os.listdir, ("a",)),
    ("open dir", open, ("d",)),
    ("open missing", open, ("nodir/x",)),
    ("rename missing", os.rename, ("missing", "b")),
    ("symlink exists", os.symlink, ("a", "d/f")),
    ("link missing", os.link, ("missing", "c")),
    ("run missing program", subprocess.run, (["spython-difftest-no-such-program"],)),
    ("chdir file", os.chdir, ("a",)),
    ("int", int, ("x",)),
]
for name, fn, args in cases:
    try:
        fn(*args)
        sys.audit("difftest.value", name, "ok")
    except Exception as e:
        if hasattr(e, "errno"):
            sys.audit("difftest.value", name, type(e).__name__, e.errno, e.strerror, e.filename, e.filename2, errno.errorcode.get(e.errno))
        else:
            sys.audit("difftest.value", name, type(e).__name__, "no errno")
sys.audit("difftest.value", "strerror", [os.strerror(n) for n in (0, 1, 2, 13, 39, 134, 200, -1)])
sys.audit("difftest.value", "constants", errno.ENOENT, errno.EEXIST, errno.EAGAIN, errno.EWOULDBLOCK, errno.errorcode[errno.EWOULDBLOCK], errno.errorcode[errno.EDEADLK], len(errno.errorcode))
