import subprocess, sys
# The kill on timeout raises os.kill (pid, SIGKILL) before the signal.
try:
    subprocess.run(["sleep", "30"], timeout=0.3, capture_output=True)
except subprocess.TimeoutExpired as e:
    sys.audit("difftest.value", "run", type(e).__name__, str(e))
try:
    subprocess.call(["sleep", "30"], timeout=0.2)
except subprocess.TimeoutExpired as e:
    sys.audit("difftest.value", "call", type(e).__name__, str(e))
try:
    subprocess.check_call("sleep 30", shell=True, timeout=0.2)
except subprocess.TimeoutExpired as e:
    sys.audit("difftest.value", "check_call", type(e).__name__, str(e))
try:
    subprocess.check_output(["sh", "-c", "echo partial; sleep 30"], timeout=0.5)
except subprocess.TimeoutExpired as e:
    sys.audit("difftest.value", "check_output", type(e).__name__, str(e))
p = subprocess.Popen(["sleep", "30"], stdout=subprocess.PIPE)
try:
    p.communicate(timeout=0.2)
except subprocess.TimeoutExpired as e:
    sys.audit("difftest.value", "communicate", type(e).__name__, str(e), p.poll())
p.kill()
out, err = p.communicate()
sys.audit("difftest.value", "after kill", out, err, p.returncode)
r = subprocess.run(["sh", "-c", "echo quick"], timeout=10, capture_output=True, text=True)
sys.audit("difftest.value", "in time", r.returncode, r.stdout)
