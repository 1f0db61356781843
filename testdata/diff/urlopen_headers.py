import os, sys, urllib.request

base = os.environ["DIFFTEST_HTTP"]
r = urllib.request.urlopen(base + "/hello")
h = r.headers
sys.audit("difftest.value", "case", h["CONTENT-TYPE"], h.get("content-length"), h.get("X-MULTI"), h.get_all("X-Multi"),
          h.get("missing"), h.get("missing", "dflt"), "CONTENT-LENGTH" in h, "nope" in h)
# Header order: spython sorts the names (docs/stdlib.md).
sys.audit("difftest.value", "all", sorted(h.keys()), sorted(h.values()), sorted(h.items()), len(h), sorted([k for k in h]))
sys.audit("difftest.value", "resp", r.status, r.code, r.getcode(), r.reason, r.url == base + "/hello", r.getheader("content-TYPE"),
          r.getheader("x-multi"), r.getheader("gone", "d"), sorted(r.getheaders()), r.info()["x-multi"])
sys.audit("difftest.value", "read", r.read(5), r.read(100), r.read())
req = urllib.request.Request(base + "/headers", headers={"X-ONE": "1", "x-two": "2"})
req.add_header("X-three", "3")
req.add_header("x-ONE", "uno")
sys.audit("difftest.value", "request", req.headers, req.has_header("X-one"), req.has_header("x-one"), req.get_header("X-two"),
          req.get_header("X-Two"), req.get_header("nope", "d"), sorted(req.header_items()))
req.remove_header("X-three")
req.remove_header("absent")
sys.audit("difftest.value", "removed", sorted(req.header_items()), req.get_method(), req.get_full_url() == base + "/headers")
r = urllib.request.urlopen(req)
sys.audit("difftest.value", "sent", r.read(), r.headers["x-request-method"])
for m in ("DELETE", "PATCH", "HEAD", "OPTIONS"):
    req = urllib.request.Request(base + "/headers", method=m)
    r = urllib.request.urlopen(req)
    sys.audit("difftest.value", "method", m, req.get_method(), r.status, r.read(), r.headers["X-Request-Method"])
req = urllib.request.Request(base + "/headers", data=b"x=1")
sys.audit("difftest.value", "post default", req.get_method(), urllib.request.urlopen(req).read())
