import subprocess, sys
for args, kw in [(["no-such-program-dt"], {}), (["true"], {"cwd": "nope"}), (["/etc/passwd"], {})]:
    try:
        subprocess.run(args, **kw)
    except OSError as e:
        sys.audit("difftest.value", "start", type(e).__name__, str(e))
try:
    subprocess.run(["sh", "-c", "exit 4"], check=True)
except subprocess.CalledProcessError as e:
    sys.audit("difftest.value", "check", type(e).__name__, str(e))
try:
    subprocess.check_output("exit 5", shell=True)
except subprocess.CalledProcessError as e:
    sys.audit("difftest.value", "check_output", type(e).__name__, str(e))
try:
    subprocess.run(["sleep", "30"], timeout=0.2)
except subprocess.TimeoutExpired as e:
    sys.audit("difftest.value", "timeout", type(e).__name__, str(e).split(" after ")[0])
try:
    subprocess.run(["true"], input="x", stdin=subprocess.PIPE)
except ValueError as e:
    sys.audit("difftest.value", "input+stdin", type(e).__name__, str(e))
try:
    subprocess.run(["true"], capture_output=True, stdout=subprocess.PIPE)
except ValueError as e:
    sys.audit("difftest.value", "capture+stdout", type(e).__name__, str(e))
