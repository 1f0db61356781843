import sys
exec("x = 1 + 1")
sys.audit("difftest.value", "eval", eval("2 * 3"))
