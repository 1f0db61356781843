# CPython side of the admin workload: the same logic as admin.star, with a
# PEP 578 audit hook doing what spython's launcher hook does for every
# event: decide (a deny-list lookup), render one JSON line with the same
# fields (ECS names, timestamp, sequence, args, script location, run id,
# pid, uid) chained with SHA-256, and hand it to the kernel with one
# os.write on an O_APPEND log beside the script.
#
# usage: python3 -I -S admin.py TOP REPORT
import hashlib
import json
import os
import sys
import time

_script = os.path.abspath(__file__)
_fd = os.open(_script + ".log", os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600)
_run = os.urandom(16).hex()
_tail = ',"spython.run.id":"%s","spython.script.path":%s,"process.pid":%d,"user.id":"%d","process.real_user.id":"%d",' % (
    _run, json.dumps(_script), os.getpid(), os.getuid(), os.getuid())
_deny = {"os.system": "production: os.system is denied"}
_state = {"seq": 0, "prev": "", "busy": False}


def _hook(event, args):
    st = _state
    if st["busy"]:
        return
    st["busy"] = True
    try:
        reason = _deny.get(event)
        t = time.time()
        ts = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + ".%06dZ" % int((t % 1) * 1e6)
        f = sys._getframe(1)
        while f is not None and f.f_code.co_filename != _script:
            f = f.f_back
        loc = (',"spython.location":"%s:%d:1","log.origin.file.name":"%s","log.origin.file.line":%d' % (
            _script, f.f_lineno, _script, f.f_lineno) if f is not None else "")
        decision = "denied" if reason else "allowed"
        text = " ".join(a if isinstance(a, str) else repr(a) for a in args)[:8192]
        rec = ('{"@timestamp":"%s","ecs.version":"8.17.0","event.kind":"event","event.category":["api"],'
               '"event.type":["%s"],"event.outcome":"%s","event.sequence":%d,"event.action":%s,"spython.decision":"%s",'
               '%s"spython.args":%s,"spython.args_text":%s%s%s') % (
            ts, decision, "failure" if reason else "success", st["seq"], json.dumps(event), decision,
            '"event.reason":%s,' % json.dumps(reason) if reason else "",
            json.dumps(args, default=repr), json.dumps(text), loc, _tail)
        h = hashlib.sha256((st["prev"] + rec).encode()).hexdigest()
        os.write(_fd, (rec + '"event.hash":"' + h + '"}\n').encode())
        st["seq"] += 1
        st["prev"] = h
    finally:
        st["busy"] = False
    if reason:
        raise PermissionError(reason)


sys.addaudithook(_hook)


def main():
    top = sys.argv[1]
    entries = []
    total = 0
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            f = open(path, "rb")
            data = f.read()
            f.close()
            entries.append({"path": path, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
            total += len(data)
    report = {"root": top, "files": len(entries), "bytes": total, "entries": entries}
    out = open(sys.argv[2], "w")
    out.write(json.dumps(report, indent=1))
    out.close()
    print(len(entries), total)


main()
