"""Writes ok.zip and evil.zip (CPython 3.11's zipfile) and want.json: the
events CPython raises extracting ok.zip into "out" (paths as given), and
the names it holds. Run from this directory."""
import json, os, shutil, sys, zipfile
with zipfile.ZipFile("ok.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("top/", "")
    z.writestr("top/a.txt", "alpha\n")
    z.writestr("top/sub/b.txt", "beta\n" * 100)
with zipfile.ZipFile("evil.zip", "w") as z:
    z.writestr("../evil.txt", "x")
events = []
def hook(ev, args):
    if events is not None and ev in ("open", "os.mkdir") and isinstance(args[0], str) and not args[0].endswith((".pyc", ".py")):
        events.append([ev] + list(args))
os.makedirs("/tmp/spython-zipgen", exist_ok=True)
here = os.getcwd()
os.chdir("/tmp/spython-zipgen")
shutil.rmtree("out", ignore_errors=True)
sys.addaudithook(hook)
with zipfile.ZipFile(os.path.join(here, "ok.zip")) as z:
    names = z.namelist()
    z.extractall("out")
got = [e for e in events if e[1] != os.path.join(here, "ok.zip")]
os.chdir(here)
del events[:]
events = None  # the hook stops recording (it fails quietly on None)
with open("want.json", "w") as f:
    json.dump({"names": names, "events": got}, f, indent=1)
    f.write("\n")
