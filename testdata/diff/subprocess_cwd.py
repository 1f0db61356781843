import os, subprocess, sys
os.mkdir("d")
f = open("d/x.sh", "w")
f.write("#!/bin/sh\necho in $(basename $(pwd)) $1\n")
f.close()
os.chmod("d/x.sh", 0o755)
open("plain", "w").close()
sys.audit("difftest.value", "relative", subprocess.check_output(["./x.sh", "arg"], cwd="d", text=True))
sys.audit("difftest.value", "cwd call", subprocess.call(["sh", "-c", "test -x x.sh"], cwd="d"))
for fn in (subprocess.run, subprocess.call, subprocess.check_call, subprocess.check_output, subprocess.Popen):
    for cwd in ("missing-dir", "plain", "d/nested/missing"):
        try:
            fn(["true"], cwd=cwd)
        except OSError as e:
            sys.audit("difftest.value", "bad cwd", cwd, type(e).__name__, str(e))
for prog in ("./nope.sh", "no-such-program-dt"):
    try:
        subprocess.Popen([prog], cwd="d")
    except OSError as e:
        sys.audit("difftest.value", "bad program", type(e).__name__, str(e))
try:
    subprocess.run(["d"])
except OSError as e:
    sys.audit("difftest.value", "directory", type(e).__name__, str(e))
r = subprocess.run(["sh", "-c", "echo $A-$B"], env={"A": "1", "B": "two", "PATH": "/usr/bin:/bin"}, capture_output=True)
sys.audit("difftest.value", "env", r.stdout)
