import os, sys
os.mkdir("d")
os.mkdir("d/e", 0o700)
os.makedirs("a/b/c")
os.makedirs("a/b/c", exist_ok=True)
sys.audit("difftest.value", "listdir", sorted(os.listdir(".")))
sys.audit("difftest.value", "isdir", os.path.isdir("a/b/c"))
try:
    os.mkdir("d")
except OSError as e:
    sys.audit("difftest.value", "error", type(e).__name__, str(e))
os.rmdir("d/e")
