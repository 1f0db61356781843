"""Writes cases.json: csv expressions evaluated by CPython 3.11.
Run from this directory:  python3 gen_cases.py
StringIO stands for a text file opened with newline='' (the Go test
predeclares an equivalent)."""
import sys
sys.path.insert(0, "../../core/coretest")
import gen

R = "[r for r in csv.reader(%r%s)]"
def rd(lines, kw=""):
    return ("", R % (lines, kw))

CASES = [
    rd(["a,b,c\r\n", "1,2,3\r\n"]),
    rd(["a,b,c\n"]),
    rd(["a,b,c"]),
    rd(["", "a"]),
    rd(["\r\n", "x\r\n"]),
    rd(['"a,b",c\n']),
    rd(['"a ""quoted"" word",x\n']),
    rd(['"multi\n', 'line",z\n']),
    rd(['"unterminated\n']),
    rd(['a"b,c\n']),
    rd(['"a"b,c\n']),
    rd(['"a"b,c\n'], ", strict=True"),
    rd(['a,b\rc\n']),
    rd(['a;b;"c;d"\n'], ", delimiter=';'"),
    rd(["a\tb\n"], ", dialect='excel-tab'"),
    rd(["a, b,  c\n"], ", skipinitialspace=True"),
    rd(["a, b,  c\n"]),
    rd(["'a,b',c\n"], ", quotechar=\"'\""),
    rd(['a\\,b,c\n'], ", escapechar='\\\\'"),
    rd(['"a\\"b",c\n'], ", escapechar='\\\\', doublequote=False"),
    rd(['"a",b\n'], ", quoting=csv.QUOTE_NONE"),
    rd(['1,"2",3.5,x\n'], ", quoting=csv.QUOTE_NONNUMERIC"),
    rd(['1, 2\n'], ", quoting=csv.QUOTE_NONNUMERIC"),
    rd(['a,b,\n']),
    rd([',\n']),
    rd(['a\x00b\n']),
    rd(["a,b"], ", delimiter='::'"),
    rd(["a,b"], ", delimiter=1"),
    rd(["a,b"], ", quotechar=None"),
    rd(["a,b"], ", dialect='nope'"),
    rd(["a,b"], ", bogus=1"),
    ("", "[r for r in csv.reader([b'a,b'])]"),
    ("", "[r for r in csv.reader(5)]", "kind_only"),
    ("r = csv.reader(['a\\n', '\"b\\n', 'c\"\\n', 'd\\n'])\nrows = [x for x in r]", "[rows, r.line_num]"),
    # DictReader
    ("", "[r for r in csv.DictReader(['name,age\\n', 'ann,30\\n', '\\n', 'bob,41,extra\\n', 'cy\\n'])]"),
    ("", "[r for r in csv.DictReader(['ann,30\\n'], fieldnames=['n', 'a'])]"),
    ("", "[r for r in csv.DictReader(['a,b\\n', '1\\n', '1,2,3\\n'], restkey='more', restval='-')]"),
    ("", "csv.DictReader(['x;y\\n', '1;2\\n'], delimiter=';').fieldnames"),
    ("", "csv.DictReader([]).fieldnames"),
    # writer
    ("f = StringIO()\nw = csv.writer(f)\nn = w.writerow(['a', 'b,c', 'd\"e', 1, 2.5, None, True, ''])", "[n, f.getvalue()]"),
    ("f = StringIO()\nw = csv.writer(f)\nw.writerow([''])", "f.getvalue()"),
    ("f = StringIO()\nw = csv.writer(f)\nw.writerow([])", "f.getvalue()"),
    ("f = StringIO()\nw = csv.writer(f)\nw.writerow(['line\\nbreak', 'cr\\rx', ' lead'])", "f.getvalue()"),
    ("f = StringIO()\nw = csv.writer(f, lineterminator='\\n')\nw.writerows([['a', 1], ['b', 2]])", "f.getvalue()"),
    ("f = StringIO()\nw = csv.writer(f, quoting=csv.QUOTE_ALL)\nw.writerow(['a', 1, None])", "f.getvalue()"),
    ("f = StringIO()\nw = csv.writer(f, quoting=csv.QUOTE_NONNUMERIC)\nw.writerow(['a', 1, 2.0, None, False])", "f.getvalue()"),
    ("f = StringIO()\nw = csv.writer(f, quoting=csv.QUOTE_NONE)\nw.writerow(['a,b'])", "f.getvalue()"),
    ("f = StringIO()\nw = csv.writer(f, quoting=csv.QUOTE_NONE, escapechar='\\\\')\nw.writerow(['a,b', 'c\\\\d'])", "f.getvalue()"),
    ("f = StringIO()\nw = csv.writer(f, quoting=csv.QUOTE_NONE)\nw.writerow([''])", "f.getvalue()"),
    ("f = StringIO()\nw = csv.writer(f, doublequote=False, escapechar='\\\\')\nw.writerow(['a\"b'])", "f.getvalue()"),
    ("f = StringIO()\nw = csv.writer(f, doublequote=False)\nw.writerow(['a\"b'])", "f.getvalue()"),
    ("f = StringIO()\nw = csv.writer(f, delimiter='\\t', quotechar=\"'\")\nw.writerow([\"it's\", 'a\\tb', 'c'])", "f.getvalue()"),
    ("f = StringIO()\nw = csv.writer(f, dialect='unix')\nw.writerow(['a', 1])", "f.getvalue()"),
    ("f = StringIO()\nw = csv.writer(f)\nw.writerow('abc')", "f.getvalue()"),
    ("f = StringIO()\nw = csv.writer(f)", "w.writerow(5)"),
    ("f = StringIO()\nw = csv.writer(f)\nw.writerow([0.1, 1e20, 1e-7, -0.0])", "f.getvalue()"),
    ("", "csv.writer(5)"),
    # DictWriter
    ("f = StringIO()\nw = csv.DictWriter(f, fieldnames=['name', 'age'])\nw.writeheader()\nw.writerow({'name': 'ann', 'age': 30})\nw.writerows([{'age': 41}, {'name': 'x,y'}])", "f.getvalue()"),
    ("f = StringIO()\nw = csv.DictWriter(f, ['a'])", "w.writerow({'a': 1, 'b': 2, 'c': 3})"),
    ("f = StringIO()\nw = csv.DictWriter(f, ['a'], extrasaction='ignore', restval='?')\nw.writerow({'b': 2})", "f.getvalue()"),
    ("f = StringIO()", "csv.DictWriter(f, ['a'], extrasaction='skip')"),
    ("f = StringIO()\nw = csv.DictWriter(f, ['a', 'b'], delimiter=';', lineterminator='\\n')\nw.writeheader()", "[f.getvalue(), w.fieldnames]"),
    # constants
    ("", "[csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC, csv.QUOTE_NONE, csv.field_size_limit()]"),
    ("", "sorted(csv.list_dialects())"),
    # round trip
    ("rows = [['a', 'b,c'], ['\"q\"', 'multi\\nline'], ['', 'x']]\nf = StringIO()\ncsv.writer(f).writerows(rows)\nback = [r for r in csv.reader(f.getvalue().splitlines(True))]", "back == rows"),
]

gen.write(CASES, "import csv\nfrom io import StringIO", "cases.json")
