import os, sys
p = os.path
home = os.environ["HOME"]
sys.audit("difftest.value", "expanduser", p.expanduser("~").replace(home, "H"), p.expanduser("~/x").replace(home, "H"), p.expanduser("~root/x"), p.expanduser("~nosuchuser/x"), p.expanduser("a~"), p.expanduser(b"~/b") == home.encode() + b"/b")
os.environ["DT_V"] = "val"
sys.audit("difftest.value", "expandvars", p.expandvars("$DT_V/${DT_V}x/$NOPE/${NOPE}/$/$DT_V.y"), p.expandvars("no vars"))
