"""Writes cases.json: fnmatch expressions evaluated by CPython 3.11.
Run from this directory:  python3 gen_cases.py"""
import sys
sys.path.insert(0, "../../core/coretest")
import gen

PATS = ["*", "*.txt", "a?c", "[abc]*", "[!abc]x", "[a-c]", "[z-a]", "[a-c-e]", "[]]", "[!]]", "[!]", "[]",
        "[", "a[", "[^x]", "[[:alpha:]]", "\\*", "[\\]x", "a*b*c", "**a", "*a*", "a.b", "a+b(c)", "x{1}",
        "[a&&b]", "[~|]", "é*", "[--0]", "[a-]", "[!a-c]*", "?", "*.[ch]", "*.tar.gz", " a ", "a\nb", "[0-9][0-9]-*.log"]
NAMES = ["", "abc", "a.txt", "b.TXT", "xx", "ax", "dx", "]", "^", "a", "e", "-", "*", "\\x", "abbc", "a-b-c",
         "aXbYc", "a.b", "a+b(c)", "x{1}", "&", "|", "~", "éa", "/", "main.c", "x.h", "f.tar.gz", " a ", "a\nb",
         "12-app.log", ".hidden", "a/b.txt", "B"]

CASES = []
for p in PATS:
    CASES.append(("", "fnmatch.translate(%r)" % p))
    CASES.append(("", "fnmatch.filter(%r, %r)" % (NAMES, p)))
CASES += [
    ("", "fnmatch.fnmatch('Makefile', 'M*')"),
    ("", "fnmatch.fnmatch('makefile', 'M*')"),
    ("", "fnmatch.fnmatchcase('a/b', 'a*b')"),
    ("", "fnmatch.fnmatch('.x', '*')"),
    ("", "fnmatch.fnmatch(1, '*')", "kind_only"),
    ("", "fnmatch.filter(['a', 2], '*')", "kind_only"),
    ("", "fnmatch.translate(5)", "kind_only"),
]
gen.write(CASES, "import fnmatch", "cases.json")
