#!/usr/bin/env python3
"""Generates cases.json: expressions valid in both Python and Starlark,
with CPython 3.11's result (or exception class). Run with python3.11:

    python3 internal/pyfmt/testdata/gen.py > internal/pyfmt/testdata/cases.json

pct(f, a) is f % a, sfmt(f, ...) is f.format(...); format, round, repr,
str and ascii are the builtins.
"""
import json
import sys

def pct(f, a):
    return f % a

def sfmt(f, *a, **k):
    return f.format(*a, **k)

INF = 'float("inf")'
NAN = 'float("nan")'

cases = []
def add(*exprs):
    cases.extend(exprs)

# printf-style %
ints = ["0", "1", "-1", "42", "-42", "255", "123456789", "-98765", "2**70".replace("2**70", "1180591620717411303424")]
for conv in "diuoxX":
    for f in ["%", "%5", "%-5", "%05", "%+d", "% ", "%#", "%#08", "%.3", "%+.4", "%-+8"]:
        fmt = f + conv if not f.endswith("d") else f
        for v in ["0", "42", "-42", "255"]:
            add('pct("[%s]", %s)' % (fmt, v))
for v in ints:
    add('pct("%%d", %s)' % v, 'pct("%%x", %s)' % v)
floats = ["0.0", "-0.0", "1.5", "-2.5", "3.14159265358979", "1234.5678", "0.000123456", "1e20", "-1e-7", "123456789.0", "2.675", "0.5", "1e16", "9.999999", INF, "-" + INF, NAN]
for conv in "eEfFgG":
    for f in ["%", "%.2", "%10.3", "%-10.1", "%+.0", "%#.0", "%010.2", "% .3", "%#"]:
        for v in ["0.0", "-0.0", "1.5", "1234.5678", "0.000123456", "1e20", "2.675", "100.0"]:
            if len(cases) % 3 == 0 or conv in "fg":
                add('pct("[%s%s]", %s)' % (f, conv, v))
for v in floats:
    add('pct("%%s|%%r|%%g|%%.2f", (%s, %s, %s, %s))' % (v, v, v, v))
add('pct("%%08.3f", %s)' % INF, 'pct("%%-8f|", %s)' % NAN, 'pct("%%+f", %s)' % INF)
add('pct("%s", "abc")', 'pct("%.2s", "abcdef")', 'pct("%10s|", "abc")', 'pct("%-10s|", "abc")',
    'pct("%r", "it\'s")', 'pct("%r", "say \\"hi\\"")', 'pct("%a", "caf\\u00e9")', 'pct("%r", "caf\\u00e9")',
    'pct("%s", [1, "a", (2,), {"k": None}])', 'pct("%r", (1,))', 'pct("%s", ())', 'pct("%s", True)',
    'pct("%d", True)', 'pct("%5.1f%%", 99.44)', 'pct("%c", 65)', 'pct("%c", "z")', 'pct("%c", 233)',
    'pct("%*d", (6, 42))', 'pct("%-*d|", (6, 42))', 'pct("%*d|", (-6, 42))', 'pct("%.*f", (2, 3.14159))',
    'pct("%*.*f", (9, 3, 2.5))', 'pct("%(name)s is %(age)d", {"name": "bob", "age": 7})',
    'pct("%(x)05.1f", {"x": 2.25})', 'pct("%d", 3.99)', 'pct("%d", -3.99)', 'pct("%i", 7)', 'pct("%u", 7)',
    'pct("%ld", 7)', 'pct("%s %s", ("a", "b"))', 'pct("no args", ())', 'pct("%s", (1, 2))',
    'pct("%s", [1, 2])', 'pct("%s", {"a": 1})', 'pct("hi", {"a": 1})', 'pct("hi", [])',
    'pct("%s %s", ("a",))', 'pct("%s", ("a", "b"))', 'pct("%d", "x")', 'pct("%x", 1.5)',
    'pct("%f", "x")', 'pct("%z", 1)', 'pct("%(a)s", (1,))', 'pct("%(a)s", {"b": 1})', 'pct("%", ())',
    'pct("%s", None)', 'pct("%r", None)', 'pct("%5s|%-5s|", (None, None))', 'pct("%e", 0)',
    'pct("%.3e", 123456)', 'pct("%g", 100000)', 'pct("%g", 1000000)', 'pct("%#x|%#X|%#o", (255, 255, 8))',
    'pct("%r", b"ab\\x00\'")', 'pct("%s", b"x")', 'pct("%.0f", 0.5)', 'pct("%.0f", 1.5)', 'pct("%.0f", 2.5)',
    'pct("%.1f", 0.25)', 'pct("%.1f", 0.35)', 'pct("%.2f", 1.005)', 'pct("%5%", ())',
    'pct("%s", 1e100)', 'pct("%s", 1.0)', 'pct("%s", 123456789012345678.0)', 'pct("%s", 0.0001)',
    'pct("%s", 0.00001)', 'pct("%d", 1000000000000000000000000000000)', 'pct("%x", -255)', 'pct("%#x", -255)',
    'pct("%+x", 255)', 'pct("% d", -5)', 'pct("%05d", -42)', 'pct("%-05d|", 42)', 'pct("%.0e", 12345)',
    'pct("%#.0e", 12345)', 'pct("%#g", 1.0)', 'pct("%#.3g", 1.0)', 'pct("%g", 0.0001)', 'pct("%g", 0.00001)',
    'pct("%G", 1e-10)', 'pct("%.10g", 1.0/3)', 'pct("%.20f", 0.1)', 'pct("%.17g", 0.1)',
    'pct("%r", "tab\\there\\nnl\\\\")', 'pct("%r", "\\x7f\\x01")', 'pct("%s", set())', 'pct("%s", set([1]))')

# format spec mini-language
specs = ["", "10", "<10", ">10", "^10", "*^11", "=+10", "+", "-", " ", "010", ",", "_", "015,", "#x", "#b", "#o", "x", "X",
         "b", "o", "c", "d", "n", "e", ".2e", "E", "f", ".0f", ".3f", "F", "g", ".3g", "G", "%", ".1%", "+.2f", "08.2f",
         "^12,.2f", "z.1f", "z", ",.2f", "_d", "#_b", ",d", "0=12,", "#010x", "s", ".3", ".1", "10.4", "-^9", "#g", "#.0f",
         "x<8", "é>6"]
values = ["0", "1", "-1", "42", "-1234567", "255", "1234.5678", "-0.0", "0.5", "1e20", "3.0", "-0.00001", "100", INF, NAN, '"hello"', "True", "None"]
for s in specs:
    for v in values:
        cases.append('format(%s, "%s")' % (v, s))

# str.format
add('sfmt("{} {}", 1, 2)', 'sfmt("{1} {0}", "a", "b")', 'sfmt("{name}!", name="x")', 'sfmt("{0!r} {0!s} {0!a}", "caf\\u00e9")',
    'sfmt("{:>8}|{:<8}|{:^8}|", "a", "b", "c")', 'sfmt("{:{w}.{p}f}", 3.14159, w=10, p=3)', 'sfmt("{:{}}", "x", 5)',
    'sfmt("{0[1]}", [10, 20])', 'sfmt("{d[k]}", d={"k": "v"})', 'sfmt("{0[0][1]}", [[1, 2]])', 'sfmt("{{literal}} {}", 5)',
    'sfmt("{} {1}", 1, 2)', 'sfmt("{1} {}", 1, 2)', 'sfmt("{2}", 1)', 'sfmt("{x}", y=1)', 'sfmt("}", 1)', 'sfmt("{", 1)',
    'sfmt("{!x}", 1)', 'sfmt("{:,}", 1234567890)', 'sfmt("{:_}", 1234567890)', 'sfmt("{:.2%}", 0.4567)', 'sfmt("{!r:>10}", "ab")',
    'sfmt("{:d}", 1.5)', 'sfmt("{:s}", 5)', 'sfmt("{:=10}", "s")', 'sfmt("{:,s}", "s")', 'sfmt("{:.2d}", 5)', 'sfmt("{:+s}", "s")',
    'sfmt("{:10}", None)', 'sfmt("{}", None)', 'sfmt("{}", [1, "a"])', 'sfmt("{}", {"a": (1,)})', 'sfmt("{:>6}", True)',
    'sfmt("{}", True)', 'sfmt("{:d}", True)', 'sfmt("{0}{0}", "ab")', 'sfmt("{0:x} {0:o} {0:b}", 100)', 'sfmt("{:#_x}", 1099511627776)',
    'sfmt("{:08.3f}", -3.14159)', 'sfmt("{:c}", 9731)', 'sfmt("{:<5}|{:>5}|", 1.5, -2)', 'sfmt("{:.0f} {:.0f}", 0.5, 1.5)',
    'sfmt("{0[a]}", {"a": 1})', 'sfmt("{:e}", 0)', 'sfmt("{:g}", 1e-5)', 'sfmt("{:.3}", "abcdef")', 'sfmt("{:,.3f}", 1234567.891)',
    'sfmt("{:z.2f}", -0.001)', 'sfmt("{:f}", 1e300)', 'sfmt("{:n}", 1234567)', 'sfmt("{:010,}", 1234)', 'sfmt("{:09,}", 1234)',
    'sfmt("{:08,}", 1234)', 'sfmt("{:012,.1f}", 1234.5)', 'sfmt("{:#.3x}", 1)')

# round and repr
for v in ["0.5", "1.5", "2.5", "-0.5", "-1.5", "2.675", "1.005", "123.456", "-123.456", "1e20", "0.1", "5", "-5", "1234", "15", "25", "True"]:
    for n in ["", ", 0", ", 1", ", 2", ", -1", ", -2", ", None"]:
        add("repr(round(%s%s))" % (v, n))
add("repr(round(%s))" % INF, "repr(round(%s))" % NAN, "repr(round(%s, 2))" % INF, 'round("x")', 'repr(round(2.5, 400))')
for v in ["0.1", "0.1 + 0.2", "1.0/3", "1e16", "1e15", "123456789012345678.0", "1e-4", "1e-5", "-0.0", "2.0**-1074".replace("2.0**-1074", "5e-324"),
          "1.7976931348623157e308", "100.0", "1.5e300*1.5e300", '"it\'s"', '"both \' and \\""', '"\\u00e9\\U0001f600\\x00"', "[1.0, \"a\", None]",
          "(1,)", "{1: 2.5}", 'b"\\xff\'x"', '"\\u200b"']:
    add("repr(%s)" % v, "str(%s)" % v, "ascii(%s)" % v)

out = []
for e in cases:
    try:
        r = eval(e)
        if not isinstance(r, str):
            r = repr(r)
        out.append({"expr": e, "out": r})
    except Exception as ex:
        out.append({"expr": e, "err": type(ex).__name__})
json.dump(out, sys.stdout, indent=0, ensure_ascii=False)
sys.stdout.write("\n")
