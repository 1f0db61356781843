"""Writes cases.json: glob calls run by CPython 3.11 over the tree TREE,
with the results and the audit events they raised (both sorted: directory
order depends on the file system).
Run from this directory:  python3 gen_cases.py"""
import glob, json, os, sys, tempfile

assert sys.version_info[:2] == (3, 11)

# path → None for a directory, str for a file, ("link", target) for a symlink
TREE = [
    ("a.txt", "a"), ("b.log", "b"), (".hidden.txt", "h"), ("we[ird].txt", "w"),
    ("dir", None), ("dir/c.txt", "c"), ("dir/sub", None), ("dir/sub/d.txt", "d"),
    ("dir/.h", None), ("dir/.h/e.txt", "e"), ("dir2", None), ("dir2/f.txt", "f"),
    ("empty", None), ("link", ("link", "dir2")),
]

CALLS = [
    "glob.glob('*.txt')", "glob.glob('*')", "glob.glob('.*')", "glob.glob('*', include_hidden=True)",
    "glob.glob('**', recursive=True)", "glob.glob('**/*.txt', recursive=True)", "glob.glob('dir/**', recursive=True)",
    "glob.glob('dir/**/', recursive=True)", "glob.glob('*/')", "glob.glob('dir*/*.txt')", "glob.glob('**/*.txt')",
    "glob.glob('a.txt')", "glob.glob('nope')", "glob.glob('dir/')", "glob.glob('')", "glob.glob('*.txt', root_dir='dir')",
    "glob.glob('**', root_dir='dir', recursive=True)", "glob.glob(glob.escape('we[ird].txt'))", "glob.glob('we[ird].txt')",
    "glob.glob('/nonexistent-spython/*')", "glob.glob('link/*')", "glob.iglob('*/*.txt')", "glob.glob('*/sub/*.txt')",
    "glob.glob('**/', recursive=True)", "glob.glob('dir/**/*.txt', recursive=True, include_hidden=True)",
    "glob.glob('?.*')", "glob.glob('[ab].*')", "glob.glob('dir/*/')", "glob.glob('./*.log')",
    "glob.has_magic('a[b')", "glob.escape('x*?[y].txt')",
]

def conv(v):
    return v if v is None or isinstance(v, (str, bool, int)) else repr(v)

here = os.getcwd()
rows = []
with tempfile.TemporaryDirectory() as top:
    os.chdir(top)
    for path, what in TREE:
        if what is None:
            os.mkdir(path)
        elif isinstance(what, tuple):
            os.symlink(what[1], path)
        else:
            with open(path, "w") as f:
                f.write(what)
    events = []
    def hook(ev, args):
        if ev in ("glob.glob", "glob.glob/2", "os.scandir"):
            events.append([ev] + [conv(a) for a in args])
    sys.addaudithook(hook)
    for call in CALLS:
        events.clear()
        v = eval(call)
        if not isinstance(v, (str, bool)):
            v = sorted(v)
        rows.append({"call": call, "want": v, "events": sorted(events, key=json.dumps)})
    os.chdir(here)

with open("cases.json", "w") as f:
    json.dump({"tree": TREE, "cases": rows}, f, indent=1)
    f.write("\n")
