import os, sys
sys.audit("difftest.value", "consts", os.sep, os.linesep, os.devnull, os.name, os.curdir, os.pardir, os.pathsep, os.path.sep)
sys.audit("difftest.value", "ids", os.getgid() == os.getegid(), os.geteuid() == os.getuid(), os.getppid() > 0)
sys.audit("difftest.value", "cpu", os.cpu_count() >= 1)
old = os.umask(0o027)
sys.audit("difftest.value", "umask", os.umask(old))
open("f", "w").close()
os.chmod("f", 0o640)
sys.audit("difftest.value", "access", os.access("f", os.R_OK), os.access("f", os.F_OK), os.access("nope", os.F_OK), os.access("f", os.X_OK), os.F_OK, os.R_OK, os.W_OK, os.X_OK)
sys.audit("difftest.value", "fspath", os.fspath("a/b"), os.fspath(b"a/b"))
try:
    os.fspath(3)
except TypeError as e:
    sys.audit("difftest.value", "fspath int", type(e).__name__, str(e))
try:
    os.getlogin()
    sys.audit("difftest.value", "getlogin", "ok")
except OSError as e:
    sys.audit("difftest.value", "getlogin", type(e).__name__)
