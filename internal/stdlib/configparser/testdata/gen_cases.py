"""Writes cases.json: configparser expressions evaluated by CPython 3.11.
Run from this directory:  python3 gen_cases.py
StringIO stands for a text file (the Go test predeclares an equivalent)."""
import sys
sys.path.insert(0, "../../core/coretest")
import gen

INI = """# comment
; other comment
[DEFAULT]
base = /srv
Retries = 3

[backup]
target = %(base)s/backup
enabled = yes
ratio = 0.75
multi = first
    second

    third
empty =
colon: value with = sign
pct = 100%%

[report]
title = Weekly %(kind)s
kind = summary
bad = %(missing)s
loop = %(loop)s
syntax = 50% off
"""

def P(setup=""):
    return "c = configparser.ConfigParser()\nc.read_string(%r)\n%s" % (INI, setup)

CASES = [
    (P(), "c.sections()"),
    (P(), "c.get('backup', 'target')"),
    (P(), "c.get('backup', 'TARGET')"),
    (P(), "c.get('backup', 'target', raw=True)"),
    (P(), "c.get('backup', 'multi')"),
    (P(), "c.get('backup', 'empty')"),
    (P(), "c.get('backup', 'colon')"),
    (P(), "c.get('backup', 'pct')"),
    (P(), "c.get('backup', 'retries')"),
    (P(), "c.getint('backup', 'retries')"),
    (P(), "c.getfloat('backup', 'ratio')"),
    (P(), "c.getboolean('backup', 'enabled')"),
    (P(), "c.getboolean('backup', 'target')"),
    (P(), "c.getint('backup', 'target')"),
    (P(), "c.getint('backup', 'nope', fallback=7)"),
    (P(), "c.get('nosuch', 'x', fallback='fb')"),
    (P(), "c.get('backup', 'nope')"),
    (P(), "c.get('nosuch', 'x')"),
    (P(), "c.get('report', 'title')"),
    (P(), "c.get('report', 'bad')"),
    (P(), "c.get('report', 'loop')"),
    (P(), "c.get('report', 'syntax')"),
    (P(), "c.get('report', 'title', vars={'kind': 'override'})"),
    (P(), "c.items('backup')"),
    (P(), "c.items('backup', raw=True)"),
    (P(), "c.options('report')"),
    (P(), "[c.has_section('backup'), c.has_section('DEFAULT'), c.has_option('backup', 'base'), c.has_option('x', 'base'), c.has_option('DEFAULT', 'retries')]"),
    (P(), "c.defaults()"),
    (P(), "[c['backup']['target'], c['backup'].get('nope'), c['backup'].get('nope', 'd'), c['backup'].getint('retries'), c['backup'].getboolean('enabled')]"),
    (P(), "c['nosuch']"),
    (P(), "c['backup']['nope']"),
    (P(), "[s for s in c]"),
    (P(), "[k for k in c['report']]"),
    (P(), "'backup' in c"),
    (P(), "c['DEFAULT']['base']"),
    (P("c.set('backup', 'new', 'v%%1')"), "c.get('backup', 'new')"),
    (P(), "c.set('backup', 'new', '50%')"),
    (P(), "c.set('backup', 'new', 5)"),
    (P(), "c.set('nosuch', 'k', 'v')"),
    (P("c['backup']['x'] = 'y'"), "c.get('backup', 'x')"),
    (P("c.add_section('new')\nc.set('new', 'k', 'v')"), "c.items('new')"),
    (P(), "c.add_section('backup')"),
    (P(), "c.add_section('DEFAULT')"),
    (P(), "[c.remove_option('backup', 'ratio'), c.remove_option('backup', 'ratio'), c.remove_section('report'), c.remove_section('report'), c.sections()]"),
    (P("f = StringIO()\nc.write(f)"), "f.getvalue()"),
    (P("f = StringIO()\nc.write(f, space_around_delimiters=False)"), "f.getvalue()"),
    ("c = configparser.ConfigParser()", "c.read_string('k = v\\n')"),
    ("c = configparser.ConfigParser()", "c.read_string('[a]\\nk = v\\njunk line\\n= x\\nk2 = w\\n')"),
    ("c = configparser.ConfigParser()", "c.read_string('[a]\\n[a]\\n')"),
    ("c = configparser.ConfigParser()", "c.read_string('[a]\\nk=1\\nK=2\\n', source='f.ini')"),
    ("c = configparser.ConfigParser(strict=False)\nc.read_string('[a]\\nk=1\\n[a]\\nk=2\\n')", "c.items('a')"),
    ("c = configparser.ConfigParser(allow_no_value=True)\nc.read_string('[a]\\nflag\\nk = v\\n')\nf = StringIO()\nc.write(f)", "[c.get('a', 'flag'), c.items('a'), f.getvalue()]"),
    ("c = configparser.ConfigParser(interpolation=None)\nc.read_string('[a]\\nk = 100% %(x)s\\n')", "c.get('a', 'k')"),
    ("c = configparser.ConfigParser(inline_comment_prefixes=('#',))\nc.read_string('[a]\\nk = v # note\\nj = a#b\\n')", "c.items('a')"),
    ("c = configparser.ConfigParser(delimiters=('=',))\nc.read_string('[a]\\nk:x = v\\n')", "c.items('a')"),
    ("c = configparser.ConfigParser(defaults={'Home': '/h'})\nc.read_string('[a]\\np = %(home)s/x\\n')", "c.get('a', 'p')"),
    ("c = configparser.ConfigParser(empty_lines_in_values=False)\nc.read_string('[a]\\nk = 1\\n  2\\n\\n  3\\n')", "c.items('a')"),
    ("c = configparser.ConfigParser(default_section='common')\nc.read_string('[common]\\nx = 1\\n[a]\\ny = %(x)s\\n')", "[c.sections(), c.get('a', 'y')]"),
    ("c = configparser.ConfigParser()\nc.read_dict({'s': {'a': 1, 'B': None}, 't': {}})", "[c.sections(), c.items('s')]"),
    ("c = configparser.ConfigParser()\nc.read_string('[a]\\nk = v\\n')", "[n for n, s in c.items()]"),
    ("c = configparser.ConfigParser()\nc.read_string('[a]\\n  k = v\\n    more\\n')", "c.items('a')"),
    ("c = configparser.ConfigParser()\nc.read_string('[a]\\r\\nk = v\\r\\n')", "c.items('a')"),
    ("c = configparser.ConfigParser()\nc.read_string('[a b]\\nk = [x]\\n')", "[c.sections(), c.get('a b', 'k')]"),
    ("c = configparser.ConfigParser()", "c.getboolean('a', 'b')"),
    ("", "[configparser.DEFAULTSECT, configparser.MAX_INTERPOLATION_DEPTH]"),
]

gen.write(CASES, "import configparser\nfrom io import StringIO", "cases.json")
