import sys
from urllib.parse import urljoin, urlparse, urlsplit, urlunsplit, urlunparse, parse_qs, parse_qsl

base = "https://www.example.com/a/b/c.html?q=1#top"
for ref in ["d.html", "../e", "../../../../f", "/root", "//cdn.example.net/x.js", "?only", "#frag", "", ".", "./", "g/./h/../i",
            "http://other/", "mailto:x@y", "https:relative", "  spaced", "%7Euser/"]:
    sys.audit("difftest.value", "urljoin", ref, urljoin(base, ref), urljoin(base, ref, allow_fragments=False))
sys.audit("difftest.value", "bases", urljoin("http://h", "x"), urljoin("http://h/dir/", "x?y"), urljoin("", "/x"), urljoin("ftp://f/a/", "b"))
for u in ["https://user:pw@host.example:8443/p/a;t?x=1&y=2#f", "http://[2001:db8::1]:80/", "HTTP://Host/PATH", "file:///etc/hosts",
          "host:1234", "/rel/path?q", "http://h:0/", "http://h/%7E?a=%20"]:
    p = urlparse(u)
    s = urlsplit(u)
    sys.audit("difftest.value", "parse", u, p.scheme, p.netloc, p.path, p.params, p.query, p.fragment, p.hostname, p.port,
              s.path, urlunsplit(s), urlunparse(p), p.geturl())
sys.audit("difftest.value", "qs", parse_qs("a=1&a=2&b=%20x+y&c", keep_blank_values=True), parse_qsl("x=1;y=2&z"), parse_qs("k=v&k=w", max_num_fields=5))
try:
    urlparse("http://h:99999/").port
except ValueError as e:
    sys.audit("difftest.value", "bad port", type(e).__name__, str(e))
