"""Writes cases.json: string module values from CPython 3.11.
Run from this directory:  python3 gen_cases.py"""
import sys
sys.path.insert(0, "../../core/coretest")
import gen
CASES = [("", "string.%s" % n) for n in ["ascii_letters", "ascii_lowercase", "ascii_uppercase", "digits", "hexdigits", "octdigits", "punctuation", "whitespace", "printable"]]
CASES += [("", "string.capwords(%r%s)" % (s, sep)) for s, sep in [("hello  wORLD  ", ""), ("a-b-c", ", '-'"), ("", ""), ("élan vital", ""), (" x ", ", ' '")]]
gen.write(CASES, "import string", "cases.json")
