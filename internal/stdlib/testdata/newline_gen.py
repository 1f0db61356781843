#!/usr/bin/env python3
"""Generates newline_cases.json: what CPython 3.11's open() returns for
text-mode reads and writes with each newline= value, the expected values of
TestOpenNewlinesAgainstCPython (file_test.go).
Run: python3 newline_gen.py > newline_cases.json"""
import json, os, sys, tempfile

assert sys.version_info[:2] == (3, 11), sys.version

CONTENTS = ["a\nb\n", "a\r\nb\r\n", "a\rb\rc", "one\r\ntwo\rthree\nfour", "\r\n\r\r\n\n",
            "x\r", "é\r\nü\rz", "no newline", "", "a\r\r\nb"]
NEWLINES = [None, "", "\n", "\r", "\r\n"]
# Each read op is a Starlark expression over the open file f, the same text
# in Python.
READS = {
    "read": "f.read()",
    "readlines": "f.readlines()",
    "iterate": "[l for l in f]",
    "readline x3": "[f.readline(), f.readline(), f.readline()]",
    "read(2) x3": "[f.read(2), f.read(2), f.read(2)]",
    "readline(2) x3": "[f.readline(2), f.readline(2), f.readline(2)]",
    "readline tell": "[f.readline(), f.tell(), f.read()]",
}
WRITES = ["a\nb\n", "a\r\nb", "\n\n", "x\ry"]

cases = []
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "n.txt")
    for content in CONTENTS:
        with open(path, "wb") as w:
            w.write(content.encode())
        for nl in NEWLINES:
            for name, expr in READS.items():
                with open(path, encoding="utf-8", newline=nl) as f:
                    want = eval(expr, {"f": f})
                if name == "readline tell" and want[1] >= 2**64:
                    # An opaque cookie carrying the decoder's pending "\r":
                    # any position is accepted there.
                    want[1] = "cookie"
                cases.append({"content": content, "newline": nl, "op": name, "expr": expr, "want": want})
    for text in WRITES:
        for nl in NEWLINES:
            with open(path, "w", encoding="utf-8", newline=nl) as f:
                n = f.write(text)
            with open(path, "rb") as f:
                data = f.read().decode()
            cases.append({"write": text, "newline": nl, "want": [n, data]})
json.dump(cases, sys.stdout, indent=1, ensure_ascii=False)
print()
