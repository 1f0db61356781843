import sys
from urllib.parse import quote, quote_plus, unquote, unquote_plus, urlencode, quote_from_bytes, unquote_to_bytes

for s in ["a b", "/path/to file", "ü€", "~-._", "a&b=c", "100%", "x+y", "", "日本/語"]:
    sys.audit("difftest.value", "quote", s, quote(s), quote(s, safe=""), quote(s, safe="/&="), quote_plus(s), quote_plus(s, safe="/"))
sys.audit("difftest.value", "quote bytes", quote(b"\xff\x00/"), quote_from_bytes(b"a b\xe9"))
for s in ["a%20b", "%E2%82%AC", "%e2%82", "%zz", "a+b", "%", "%2B+%2b", "caf%C3%A9%20ok"]:
    sys.audit("difftest.value", "unquote", s, unquote(s), unquote_plus(s), unquote_to_bytes(s))
for q, kw in [({"a": "1", "b": "two words"}, {}), ([("k", "v"), ("k", "w")], {}), ({"x": ["1", "2"]}, {"doseq": True}),
              ({"x": ["1", "2"]}, {}), ({"u": "ü/é"}, {}), ({"p": "a b"}, {"quote_via": quote}), ({"s": "a/b"}, {"safe": "/"}),
              ({"n": 1, "f": 2.5, "t": None, "b": b"raw"}, {}), ({}, {})]:
    sys.audit("difftest.value", "urlencode", urlencode(q, **kw))
try:
    urlencode("not a mapping")
except TypeError as e:
    sys.audit("difftest.value", "urlencode bad", type(e).__name__, str(e))
