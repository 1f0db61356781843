import os, sys, urllib.request

base = os.environ["DIFFTEST_HTTP"]
r = urllib.request.urlopen(base + "/echo", data=b"a=1&b=2")
sys.audit("difftest.value", "post", r.read())
req = urllib.request.Request(base + "/echo", data=b"payload", headers={"x-test": "v", "Content-Type": "text/plain"}, method="PUT")
sys.audit("difftest.value", "request", req.full_url, req.get_method(), req.headers, req.has_header("X-test"), req.get_header("Content-type"), req.host, req.selector, req.type)
req.add_header("x-added", "1")
r = urllib.request.urlopen(req)
sys.audit("difftest.value", "put", r.read(), r.status)
r = urllib.request.urlopen(base + "/redir", data=b"dropped")
sys.audit("difftest.value", "post-redirect", r.geturl(), r.read())
