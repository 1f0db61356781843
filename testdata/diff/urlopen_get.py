import os, sys, urllib.request, urllib.error

base = os.environ["DIFFTEST_HTTP"]
r = urllib.request.urlopen(base + "/hello", timeout=10)
sys.audit("difftest.value", "get", r.status, r.reason, r.read(), r.headers["content-type"], r.headers.get("X-Multi"),
          r.headers.get_all("x-multi"), r.getheader("X-Multi"), r.headers["nope"], "x-multi" in r.headers, r.geturl())
r = urllib.request.urlopen(base + "/redir")
sys.audit("difftest.value", "redirected", r.geturl(), r.read(4), r.read())
try:
    urllib.request.urlopen(base + "/missing")
except urllib.error.HTTPError as e:
    sys.audit("difftest.value", "404", type(e).__name__, str(e))
