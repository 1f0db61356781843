import os, sys
os.putenv("DT_A", "1")
sys.audit("difftest.value", "putenv leaves environ", os.environ.get("DT_A"), os.getenv("DT_A"))
os.environ["DT_B"] = "two"
sys.audit("difftest.value", "assigned", os.environ["DT_B"], os.getenv("DT_B"), "DT_B" in os.environ)
sys.audit("difftest.value", "pop", os.environ.pop("DT_B"), os.environ.pop("DT_B", "gone"))
os.environ.setdefault("DT_C", "c")
os.environ.setdefault("DT_C", "d")
os.environ.update({"DT_D": "d"})
sys.audit("difftest.value", "after", os.environ["DT_C"], os.environ["DT_D"], os.environ["DIFFTEST"], len(os.environ) > 3)
os.unsetenv("DT_A")
try:
    os.putenv("A=B", "x")
except ValueError as e:
    sys.audit("difftest.value", "bad name", type(e).__name__)
try:
    os.environ["DT_E"] = 1
except TypeError as e:
    sys.audit("difftest.value", "not str", type(e).__name__, str(e))
try:
    os.environ["DT_NONE"]
except KeyError as e:
    sys.audit("difftest.value", "missing", type(e).__name__)
