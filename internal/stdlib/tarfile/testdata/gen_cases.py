"""Writes the test archives (*.tar) and cases.json: what CPython 3.11's
tarfile.extractall(dest, filter='data') does with each: the error kind
and message (dest shown as $DEST) or the tree it extracted.
Run from this directory:  python3 gen_cases.py"""
import io, json, os, sys, tarfile, tempfile

assert sys.version_info[:2] == (3, 11)

def member(name, kind=tarfile.REGTYPE, data=b"", link="", mode=0o644):
    ti = tarfile.TarInfo(name)
    ti.type = kind
    ti.mode = mode
    ti.mtime = 1700000000
    ti.linkname = link
    if kind == tarfile.REGTYPE:
        ti.size = len(data)
        return ti, io.BytesIO(data)
    return ti, None

ARCHIVES = {
    "ok": [member("top", tarfile.DIRTYPE, mode=0o755), member("top/a.txt", data=b"alpha\n"),
           member("top/run.sh", data=b"#!/bin/sh\n", mode=0o4777), member("top/link", tarfile.SYMTYPE, link="a.txt"),
           member("top/hard", tarfile.LNKTYPE, link="top/a.txt"), member("top/sub/deep.txt", data=b"deep")],
    "traversal": [member("../evil.txt", data=b"x")],
    "traversal_inner": [member("a/../../evil.txt", data=b"x")],
    "absolute": [member("/tmp/spython-evil.txt", data=b"x")],
    "symlink_abs": [member("etc", tarfile.SYMTYPE, link="/etc")],
    "symlink_escape": [member("up", tarfile.SYMTYPE, link="../..")],
    "symlink_then_write": [member("d", tarfile.SYMTYPE, link="."), member("d/../../evil.txt", data=b"x")],
    "hardlink_escape": [member("h", tarfile.LNKTYPE, link="../outside.txt")],
    "device": [member("null", tarfile.CHRTYPE)],
    "fifo": [member("pipe", tarfile.FIFOTYPE)],
}

def tree(root):
    out = []
    for d, dirs, files in os.walk(root):
        dirs.sort()
        for n in sorted(dirs + files):
            p = os.path.join(d, n)
            rel = os.path.relpath(p, root)
            st = os.lstat(p)
            if os.path.islink(p):
                out.append("%s -> %s" % (rel, os.readlink(p)))
            elif os.path.isdir(p):
                out.append("%s/" % rel)
            else:
                with open(p, "rb") as f:
                    out.append("%s %o %r" % (rel, st.st_mode & 0o7777, f.read()))
    return out

rows = []
for name, members in ARCHIVES.items():
    path = name + ".tar"
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as t:
        for ti, data in members:
            t.addfile(ti, data)
    with tempfile.TemporaryDirectory() as top:
        dest = os.path.join(top, "dest")
        os.mkdir(dest)
        try:
            with tarfile.open(path) as t:
                t.extractall(dest, filter="data")
            got = tree(dest)
        except Exception as e:
            got = "!%s: %s" % (type(e).__name__, str(e).replace(os.path.realpath(dest), "$DEST").replace(os.path.realpath(top), "$TOP").replace(os.path.dirname(os.path.realpath(top)) + "/", "$UP/").replace("'" + os.path.dirname(os.path.realpath(top)) + "'", "'$UP'"))
    rows.append({"archive": path, "want": got})

with open("cases.json", "w") as f:
    json.dump(rows, f, indent=1)
    f.write("\n")
