import os, sys, urllib.request, urllib.error

base = os.environ["DIFFTEST_HTTP"]
for path in ("/redir301", "/redir303", "/redir307"):
    r = urllib.request.urlopen(base + path)
    sys.audit("difftest.value", "GET " + path, r.status, r.geturl()[len(base):], r.read())
for path in ("/redir301", "/redir303"):
    r = urllib.request.urlopen(base + path, data=b"k=v")
    sys.audit("difftest.value", "POST " + path, r.status, r.geturl()[len(base):], r.read())
for url, kw in [(base + "/redir307", {"data": b"k=v"}), (base + "/fail", {}), (base + "/missing", {"data": b"z"})]:
    try:
        urllib.request.urlopen(url, **kw)
    except urllib.error.HTTPError as e:
        sys.audit("difftest.value", "HTTPError", url[len(base):], type(e).__name__, str(e))
try:
    urllib.request.urlopen("http://127.0.0.1:47319/x", timeout=5)
except urllib.error.URLError as e:
    sys.audit("difftest.value", "refused", type(e).__name__, str(e))
try:
    urllib.request.urlopen("no-scheme/path")
except ValueError as e:
    sys.audit("difftest.value", "no scheme", type(e).__name__, str(e))
