import os, sys
os.mkdir("x1")
open("x1/f", "w").close()
os.mkdir("x2")
os.rename("x1", "x2")
sys.audit("difftest.value", "dir onto empty dir", os.listdir("x2"), os.path.exists("x1"))
open("file", "w").close()
try:
    os.rename("file", "x2")
except OSError as e:
    sys.audit("difftest.value", "file onto dir", type(e).__name__, str(e))
os.mkdir("x3")
try:
    os.rename("x3", "x2")
except OSError as e:
    sys.audit("difftest.value", "dir onto full dir", type(e).__name__, str(e))
try:
    os.rename("x3", "file")
except OSError as e:
    sys.audit("difftest.value", "dir onto file", type(e).__name__, str(e))
