import os, sys
# The bundled policies deny os.system (spec section 3). This hook does what
# spython's policy does, so that both runs compare the event (the command,
# before anything runs) and the denial.
def policy(event, args):
    if event == "os.system":
        raise PermissionError("audit event 'os.system' denied: developer: os.system is denied (use subprocess.run with a list)")
sys.addaudithook(policy)
sys.audit("difftest.value", "pid", os.getpid() > 1, os.getpid() == os.getpid(), os.getuid() >= 0)
for cmd in ["exit 3", "echo hi > out.txt", b"true"]:
    try:
        os.system(cmd)
    except PermissionError as e:
        sys.audit("difftest.value", "denied", type(e).__name__, str(e))
sys.audit("difftest.value", "nothing ran", os.path.exists("out.txt"))
try:
    os.system("a\0b")
except ValueError as e:
    sys.audit("difftest.value", "nul", type(e).__name__, str(e))
os.kill(os.getpid(), 0)
try:
    os.kill(2147483600, 0)
except OSError as e:
    sys.audit("difftest.value", "no such pid", type(e).__name__, str(e))
try:
    os.kill(os.getpid(), 999)
except OSError as e:
    sys.audit("difftest.value", "bad signal", type(e).__name__, str(e))
