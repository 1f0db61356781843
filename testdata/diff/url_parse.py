from urllib.parse import urlparse, urlsplit, urljoin, urlencode, quote, quote_plus, unquote, unquote_plus, parse_qs, parse_qsl, urlunparse
import sys

for u in ["http://user@Example.COM:8080/a/b;p?q=1&r=2#frag", "https://[::1]:443/x", "//net/loc", "mailto:a@b", "HTTP://h/p;x?y#z"]:
    r = urlparse(u)
    sys.audit("difftest.value", "urlparse", list(r), r.hostname, r.port, r.username, r.password, r.geturl())
    s = urlsplit(u)
    sys.audit("difftest.value", "urlsplit", list(s), s.geturl())
for b, r in [("http://a/b/c/d;p?q", "../g"), ("http://a/b/c/d;p?q", "//x/y"), ("http://a/b/", "./c/../d?e#f"), ("https://h/x", "/abs")]:
    sys.audit("difftest.value", "urljoin", urljoin(b, r))
sys.audit("difftest.value", "quote", quote("a b/é&"), quote("a b/é&", safe=""), quote_plus("a b+c"))
sys.audit("difftest.value", "unquote", unquote("%C3%A9%20x%zz"), unquote_plus("a+b%2B"), unquote("%e2%82"))
sys.audit("difftest.value", "urlencode", urlencode({"a": "1", "b": "x y&z"}), urlencode({"k": ["1", "2"]}, doseq=True), urlencode([("n", 5), ("t", True)]))
sys.audit("difftest.value", "parse_qs", parse_qs("a=1&b=2&a=3&c="), parse_qsl("a=1&c=", keep_blank_values=True))
sys.audit("difftest.value", "urlunparse", urlunparse(("http", "h", "/p", "", "q=1", "f")))
# A URL with a password is redacted in spython's log (amendment 3), so
# the password is checked on its own, not inside a logged URL.
r = urlparse("http://u:secret@h/")
sys.audit("difftest.value", "password", r.password == "secret", r.username)
