import subprocess, sys
sys.audit("difftest.value", "getoutput", subprocess.getoutput("echo a; echo b >&2"), subprocess.getoutput("printf 'x\\n\\n'"))
sys.audit("difftest.value", "getstatusoutput", subprocess.getstatusoutput("echo out; exit 7"), subprocess.getstatusoutput("true"))
sys.audit("difftest.value", "call", subprocess.call(["sh", "-c", "exit 2"]), subprocess.call("exit 0", shell=True))
sys.audit("difftest.value", "check_call", subprocess.check_call(["true"]))
try:
    subprocess.check_call(["false"])
except subprocess.CalledProcessError as e:
    sys.audit("difftest.value", "check_call fails", type(e).__name__, str(e))
sys.audit("difftest.value", "consts", subprocess.PIPE, subprocess.STDOUT, subprocess.DEVNULL)
r = subprocess.run(["sh", "-c", "kill -9 $$"])
sys.audit("difftest.value", "signal", r.returncode)
try:
    subprocess.run(["sh", "-c", "kill -15 $$"], check=True)
except subprocess.CalledProcessError as e:
    sys.audit("difftest.value", "signal check", str(e))
