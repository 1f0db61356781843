import os, sys
os.putenv("DT_P", "v1")
os.putenv(b"DT_Q", b"v2")
os.putenv("DT_EMPTY", "")
os.unsetenv("DT_P")
os.unsetenv(b"DT_Q")
os.unsetenv("DT_NEVER_SET")
for k, v in [("", "x"), ("A=B", "x"), ("A\0", "x"), ("DT_N", "a\0b")]:
    try:
        os.putenv(k, v)
    except (ValueError, OSError) as e:
        sys.audit("difftest.value", "putenv bad", k, type(e).__name__, str(e))
for k in ["", "A=B"]:
    try:
        os.unsetenv(k)
    except OSError as e:
        sys.audit("difftest.value", "unsetenv bad", k, type(e).__name__, str(e))
try:
    os.unsetenv("A\0")
except ValueError as e:
    sys.audit("difftest.value", "unsetenv nul", type(e).__name__, str(e))
os.environ["DT_E"] = "e1"
os.environ["DT_E"] = "e2"
sys.audit("difftest.value", "environ", os.environ["DT_E"], os.getenv("DT_E"), os.getenv("DT_MISSING"), os.getenv("DT_MISSING", "dflt"), os.environ.get("DT_MISSING", "d2"))
del os.environ["DT_E"]
sys.audit("difftest.value", "deleted", "DT_E" in os.environ, os.environ.pop("DT_E", None))
os.environ.update(DT_K1="1", DT_K2="2")
c = os.environ.copy()
sys.audit("difftest.value", "copy", type(c).__name__, c["DT_K1"], c["DT_K2"])
try:
    os.environ["A=B"] = "x"
except ValueError as e:
    sys.audit("difftest.value", "environ bad", type(e).__name__, str(e))
