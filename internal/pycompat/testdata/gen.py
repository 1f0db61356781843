#!/usr/bin/env python3
"""Generates cases.json for pycompat's table test: expressions valid in both
Python and spython, with CPython 3.11's repr of the result (or the
exception class). Run with python3.11:

    python3 internal/pycompat/testdata/gen.py > internal/pycompat/testdata/cases.json
"""
import json
import warnings
warnings.simplefilter("ignore")
import sys

cases = []
def add(*e):
    cases.extend(e)

for s in ['"abc"', '""', '"héllo"', '"-42"', '"+7"', '"a\\tb\\tc"']:
    add(s + '.rjust(8)', s + '.ljust(8, "*")', s + '.center(9, "-")', s + '.center(8)', s + '.zfill(6)',
        s + '.expandtabs()', s + '.expandtabs(4)', s + '.casefold()', s + '.swapcase()', s + '.isascii()',
        s + '.isprintable()', s + '.isidentifier()', s + '.isdecimal()', s + '.isnumeric()', s + '.encode()',
        s + '.encode("utf-8")', s + '.encode("latin-1")', s + '.encode("ascii", "replace")', s + '.encode("ascii")')
add('"Straße".casefold()', '"MiXeD".swapcase()', '"١٢٣".isdecimal()', '"½".isnumeric()', '"½".isdecimal()', '"_x1".isidentifier()',
    '"1x".isidentifier()', '"a b".isidentifier()', '"tab\\t".isprintable()', '"ab".rjust(1)', '"ab".center(5, "xy")',
    '"a\\r\\nb\\rc\\nd".splitlines()', '"a\\r\\nb\\rc\\nd\\n".splitlines(True)', '"a\\x0bb\\x0cc\\x1cd\\u2028e".splitlines()', '"".splitlines()',
    '"x\\n\\n".splitlines()', 'b"a\\r\\nb\\x0bc".splitlines()', 'b"a\\r\\nb".splitlines(True)', 'b"k=v=w".partition(b"=")',
    'b"k=v=w".rpartition(b"=")', 'b"kvw".partition(b"=")', 'b"kvw".rpartition(b"=")', 'b"\\x00\\xffab".hex()', 'b"\\xde\\xad\\xbe\\xef".hex(":")',
    'bytes.fromhex("de ad BE ef")', 'bytes.fromhex("zz")', 'b"h\\xc3\\xa9".decode()', 'b"h\\xc3\\xa9".decode("latin-1")',
    'b"\\xff".decode()', 'b"\\xff".decode("utf-8", "replace")', 'b"\\xff".decode("utf-8", "ignore")', 'b"abc".decode("ascii")',
    'b"\\x80".decode("ascii")', '"x".encode("nope")', 'bytes("héllo", "utf-8")', 'bytes(3)', 'bytes([104, 105])', 'bytes()',
    'str(b"x")', 'str(b"it\'s")', 'str(b"h\\xc3\\xa9", "utf-8")', 'repr(b"\\x00\\n")', 'str(["a", b"b", 1.0])',
    '(1024).to_bytes(2, "big")', '(1024).to_bytes(4, "little")', '(-1).to_bytes(2, "big", signed=True)', '(256).to_bytes(1, "big")',
    '(-1).to_bytes(2, "big")', 'int.from_bytes(b"\\x04\\x00", "big")', 'int.from_bytes(b"\\x04\\x00", "little")',
    'int.from_bytes(b"\\xff\\xff", "big", signed=True)', '(255).bit_length()', '"{} {}".format("a", 1)',
    '"%(a)s" % {"a": 1}', '"{a}-{b}".format_map({"a": 1, "b": 2})', 'b"ab".rjust(4)', 'b"7".zfill(3)', 'b"ab".isascii()',
    '2 ** 10', '2 ** -1', '2.0 ** 0.5', '-2 ** 2', '(-2) ** 2', '2 * 3 ** 2', '2 ** 3 ** 2', '10 ** 2 // 3', '-3 ** 2 * 2',
    '0 ** 0', '0.0 ** -1', '7 % 3 ** 2', '2 ** 3 % 5', '[1, 2] ** 2',
    'None is None', 'None is not None', '1 is None', '[] is []', 'True is True', '"a" is not None',
    'round(2.5)', 'sum([1, 2.5, 3])', 'sum([[1], [2]], [])', 'sum([], 10)', 'divmod(7, -2)', 'divmod(7.5, 2)', 'sum(["a"])', 'round(0.125, 2)', 'pow(2, 8)', 'format(3.14159, ".3f")', 'ascii("é")', 'repr("é")')

# The language's own failures: kind and CPython's message (checked exactly).
errcases = ['int("x")', 'float("x")', '1 // 0', '1 / 0', '1 % 0', '{}["k"]', '[1][5]', '"ab"[9]', '(1,)[3]',
            '"x".nope', '1 + "a"', '"a" + 1', '[] * "a"', 'len(1)', '{[]: 1}', '1 < "a"', '[].pop()', '[].remove(1)',
            '"a".index("b")', 'chr(-1)', '[a for a, b in [(1, 2, 3)]]', '[a for a, b, c in [(1, 2)]]', '[x for x in 1]',
            '-"a"', 'int(float("inf"))', 'range(1, 2, 0)', '(1)()', 'getattr(1, "x")']

out = []
for e in errcases:
    try:
        eval(e)
        raise SystemExit("no error: " + e)
    except Exception as ex:
        msg = str(ex)
        if isinstance(ex, KeyError):
            msg = repr(ex.args[0])
        out.append({"expr": e, "err": type(ex).__name__, "msg": msg})
for e in cases:
    try:
        r = eval(e)
        out.append({"expr": e, "out": repr(r)})
    except Exception as ex:
        out.append({"expr": e, "err": type(ex).__name__})
json.dump(out, sys.stdout, indent=0, ensure_ascii=False)
sys.stdout.write("\n")
