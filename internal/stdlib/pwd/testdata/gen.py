"""Writes want.json: how CPython 3.11 renders the records of the fixture
files passwd and group, and its KeyError/TypeError messages.
Run from this directory:  python3 gen.py"""
import grp, json, pwd

def err(f, *a):
    try:
        f(*a)
    except Exception as e:
        return "%s: %s" % (type(e).__name__, e)

want = {
    "alice": str(pwd.struct_passwd(("alice", "x", 1000, 1000, "Alice A,,,", "/home/alice", "/bin/sh"))),
    "users": str(grp.struct_group(("users", "x", 100, ["alice", "bob"]))),
    "nouser": err(pwd.getpwnam, "no-such-user-spython"),
    "nouid": err(pwd.getpwuid, 4000000),
    "nogroup": err(grp.getgrnam, "no-such-group-spython"),
    "nogid": err(grp.getgrgid, 4000000),
    "baduid": err(pwd.getpwuid, "0"),
}
with open("want.json", "w") as f:
    json.dump(want, f, indent=1)
    f.write("\n")
