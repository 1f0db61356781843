"""Writes cases.json: argparse scripts run by CPython 3.11, with what each
printed, returned, and how it exited. Run from this directory:

    python3 gen.py

Each case's code is valid both as Python and as spython (Starlark); the Go
test (argparse_test.go) runs the same code and compares. Help text depends
on the terminal width: every case runs with COLUMNS set (80 unless the case
says otherwise), as the Go test does."""
import argparse
import contextlib
import io
import json
import os
import sys

ARGV0 = "/opt/jobs/backup.star"

BASIC = """p = argparse.ArgumentParser(prog="prog")
p.add_argument("src")
p.add_argument("-v", "--verbose", action="store_true")
p.add_argument("-n", "--count", type=int, default=1)
p.add_argument("--name")
"""

NARGS = """p = argparse.ArgumentParser(prog="prog")
p.add_argument("--pair", nargs=2)
p.add_argument("--maybe", nargs="?", const="C", default="D")
p.add_argument("--many", nargs="*")
p.add_argument("--some", nargs="+", type=int)
p.add_argument("files", nargs="*")
"""

ROTATE = """p = argparse.ArgumentParser(description="Rotate the logs of a directory, compressing the old ones and removing those past the retention period.", epilog="Exit status is 0 on success.")
p.add_argument("dir", help="directory whose *.log files are rotated")
p.add_argument("-k", "--keep", type=int, default=7, metavar="N", help="how many rotated files to keep (default: %(default)s)")
p.add_argument("-c", "--compress", choices=["gzip", "none"], default="gzip", help="compression of rotated files: %(choices)s")
p.add_argument("-v", "--verbose", action="count", default=0, help="more output; repeat for even more")
p.add_argument("--dry-run", action="store_true", help="only print what would be done")
p.add_argument("--version", action="version", version="%(prog)s 1.4")
"""

SUB = """p = argparse.ArgumentParser(prog="backup")
p.add_argument("-q", "--quiet", action="store_true")
sub = p.add_subparsers(dest="cmd", help="what to do")
run = sub.add_parser("run", help="run a backup now")
run.add_argument("target")
run.add_argument("--full", action="store_true", help="full, not incremental")
run.set_defaults(kind="run")
ls = sub.add_parser("list", aliases=["ls"], help="list backups")
ls.add_argument("--limit", type=int, default=10)
sub.add_parser("prune")
"""

MANY = """p = argparse.ArgumentParser(prog="sync-tool")
p.add_argument("--source-directory", required=True)
p.add_argument("--destination-directory", required=True)
p.add_argument("--exclude", action="append", metavar="PATTERN")
p.add_argument("--bandwidth-limit", type=int)
p.add_argument("--checksum", action="store_true")
p.add_argument("--delete-extraneous", action="store_true")
p.add_argument("hosts", nargs="+")
"""

CASES = [
    # basic parsing
    ("positional and flags", BASIC, ["in.txt", "-v", "-n", "3"]),
    ("long option with =", BASIC, ["--name=alice", "x"]),
    ("short option attached value", BASIC, ["-n42", "x"]),
    ("defaults when absent", BASIC, ["x"]),
    ("options after and before positional", BASIC, ["--count", "2", "x", "--verbose"]),
    ("abbreviated long option", BASIC, ["x", "--verb", "--na", "bob"]),
    ("double dash ends options", BASIC, ["--", "-v"]),
    ("negative number is a value", BASIC, ["x", "-n", "-5"]),
    ("type float", 'p = argparse.ArgumentParser(prog="prog")\np.add_argument("--ratio", type=float)\np.add_argument("--n", type=int)\n', ["--ratio", "0.25", "--n", " 1_000 "]),
    ("str default converted by type", 'p = argparse.ArgumentParser(prog="prog")\np.add_argument("--n", type=int, default="7")\np.add_argument("--s", default="x")\n', []),
    ("type callable", 'def upper(s):\n    return s.upper()\np = argparse.ArgumentParser(prog="prog")\np.add_argument("word", type=upper)\n', ["hello"]),
    ("type callable failing", 'def port(s):\n    return int(s)\np = argparse.ArgumentParser(prog="prog")\np.add_argument("--port", type=port)\n', ["--port", "http"]),
    ("dest and metavar", 'p = argparse.ArgumentParser(prog="prog")\np.add_argument("-o", dest="output", metavar="FILE")\np.add_argument("--log-level", default="info")\n', ["-o", "out.txt"]),
    # actions
    ("store_const true false", 'p = argparse.ArgumentParser(prog="prog")\np.add_argument("--fast", action="store_const", const=9, default=1)\np.add_argument("--yes", action="store_true")\np.add_argument("--no-color", dest="color", action="store_false")\n', ["--fast", "--no-color"]),
    ("append", 'p = argparse.ArgumentParser(prog="prog")\np.add_argument("-I", "--include", action="append")\np.add_argument("--tag", action="append", default=["base"])\n', ["-I", "a", "--include=b", "-Ic", "--tag", "x"]),
    ("append absent", 'p = argparse.ArgumentParser(prog="prog")\np.add_argument("-I", action="append")\n', []),
    ("count", 'p = argparse.ArgumentParser(prog="prog")\np.add_argument("-v", "--verbose", action="count", default=0)\np.add_argument("-q", action="count")\n', ["-vvv", "--verbose"]),
    ("combined short flags", 'p = argparse.ArgumentParser(prog="prog")\np.add_argument("-x", action="store_true")\np.add_argument("-v", action="store_true")\np.add_argument("-f")\n', ["-xvf", "name"]),
    ("version", ROTATE, ["--version"]),
    ("set_defaults", 'p = argparse.ArgumentParser(prog="prog")\np.add_argument("--level", default="low")\np.set_defaults(func="handler", level="high")\n', []),
    # nargs
    ("nargs N ? * +", NARGS, ["f1", "f2", "--pair", "a", "b", "--maybe", "--many", "--some", "1", "2"]),
    ("nargs + eats positionals", NARGS, ["--some", "1", "2", "f1"]),
    ("nargs ? with value", NARGS, ["--maybe", "v", "f"]),
    ("nargs defaults", NARGS, []),
    ("nargs N too few", NARGS, ["--pair", "a"]),
    ("nargs + none given", NARGS, ["--some"]),
    ("positional nargs ? and +", 'p = argparse.ArgumentParser(prog="prog")\np.add_argument("cmd")\np.add_argument("opt", nargs="?", default="none")\np.add_argument("rest", nargs="+")\n', ["a", "b", "c", "d"]),
    # errors
    ("missing positional", BASIC, []),
    ("missing required option", MANY, ["h1"]),
    ("invalid choice", ROTATE, ["d", "--compress", "xz"]),
    ("invalid int choice", 'p = argparse.ArgumentParser(prog="prog")\np.add_argument("level", type=int, choices=[1, 2, 3])\n', ["5"]),
    ("invalid int value", BASIC, ["x", "-n", "many"]),
    ("invalid float value", 'p = argparse.ArgumentParser(prog="prog")\np.add_argument("--ratio", type=float)\n', ["--ratio", "half"]),
    ("unrecognized arguments", BASIC, ["x", "y", "--zzz"]),
    ("expected one argument", BASIC, ["x", "--name"]),
    ("ambiguous option", 'p = argparse.ArgumentParser(prog="prog")\np.add_argument("--verbose", action="store_true")\np.add_argument("--version", action="store_true")\n', ["--ver"]),
    ("explicit argument ignored", BASIC, ["x", "--verbose=yes"]),
    ("error() by the script", BASIC + 'p.error("no such host: db1")\n', None),
    ("exit() by the script", BASIC + 'p.exit(3, "bye\\n")\n', None),
    ("exit_on_error False", 'p = argparse.ArgumentParser(prog="prog", exit_on_error=False)\np.add_argument("--n", type=int)\n', ["--n", "x"]),
    ("unknown keyword for action", 'p = argparse.ArgumentParser(prog="prog")\np.add_argument("--yes", action="store_true", type=int)\n', None),
    ("conflicting option string", 'p = argparse.ArgumentParser(prog="prog")\np.add_argument("-v")\np.add_argument("-v", "--verbose")\n', None),
    ("required on a positional", 'p = argparse.ArgumentParser(prog="prog")\np.add_argument("x", required=True)\n', None),
    ("unknown action", 'p = argparse.ArgumentParser(prog="prog")\np.add_argument("--x", action="stash")\n', None),
    ("append_const and extend", 'p = argparse.ArgumentParser(prog="prog")\np.add_argument("--py", dest="langs", action="append_const", const="python")\np.add_argument("--go", dest="langs", action="append_const", const="go")\np.add_argument("--add", action="extend", nargs="+")\n', ["--go", "--py", "--add", "a", "b", "--add", "c"]),
    ("REMAINDER", 'p = argparse.ArgumentParser(prog="prog")\np.add_argument("--host")\np.add_argument("cmd")\np.add_argument("rest", nargs=argparse.REMAINDER)\n', ["--host", "h", "ls", "-la", "--color", "/tmp"]),
    ("parents", 'common = argparse.ArgumentParser(add_help=False)\ncommon.add_argument("--config", default="/etc/x.ini")\ncommon.set_defaults(mode="common")\np = argparse.ArgumentParser(prog="prog", parents=[common])\np.add_argument("--y", type=int)\n', ["--config", "c.ini", "--y", "2"]),
    ("parents help", 'common = argparse.ArgumentParser(add_help=False)\ncommon.add_argument("--config", default="/etc/x.ini", help="config file")\np = argparse.ArgumentParser(prog="prog", parents=[common])\np.add_argument("--y", type=int)\n', ["-h"]),
    ("conflict_handler resolve", 'p = argparse.ArgumentParser(prog="prog", conflict_handler="resolve")\np.add_argument("-v", "--verbose", action="store_true", help="old")\np.add_argument("-v", "--version", action="version", version="1.0", help="new")\n', ["-h"]),
    ("MetavarTypeHelpFormatter", 'p = argparse.ArgumentParser(prog="prog", formatter_class=argparse.MetavarTypeHelpFormatter)\np.add_argument("--n", type=int)\np.add_argument("--r", type=float)\n', None, "p.format_usage()"),
    ("print_usage and get_default", BASIC + 'p.print_usage()\n', None, "[p.get_default('count'), p.get_default('name'), p.prog]"),
    ("choices help and metavar", 'p = argparse.ArgumentParser(prog="prog")\np.add_argument("level", choices=["low", "high"], help="one of %(choices)s")\np.add_argument("--fmt", choices=["json", "csv"], metavar="FORMAT", help="output format")\n', ["-h"]),
    ("option value looks like an option", BASIC, ["x", "--name", "-v"]),
    ("store_true given a value by short option", BASIC, ["x", "-vn3"]),
    ("namespace= and in", BASIC + 'ns = argparse.Namespace(pre=5)\nr = p.parse_args(["-vn2", "x"], namespace=ns)\nns.after = 1\n', None, "[r, r.after, 'pre' in r, 'zz' in r]"),
    ("action and parser repr", BASIC, None, "[p.add_argument('--w', choices=('a', 'b'), nargs='?'), p]"),
    ("non-ASCII values and help", 'p = argparse.ArgumentParser(prog="prög", description="Überall schön – ünïcödé text that is long enough to wrap at least once or twice here.")\np.add_argument("--nämé", help="the näme of the thing, which is used for lots of things across the whole world")\np.add_argument("-z")\n', ["-zé", "--nämé", "ö", "-h"]),
    ("long usage with groups", 'p = argparse.ArgumentParser(prog="report")\ng = p.add_mutually_exclusive_group()\ng.add_argument("--daily", action="store_true")\ng.add_argument("--weekly", action="store_true")\ng.add_argument("--monthly", action="store_true")\np.add_argument("--output-directory", metavar="DIR")\np.add_argument("--recipients", nargs="+", metavar="ADDR")\np.add_argument("source", nargs="+")\np.add_argument("dest")\n', None, "p.format_help()"),
    ("only positionals wrap", 'p = argparse.ArgumentParser(prog="p", add_help=False)\np.add_argument("first_positional_argument")\np.add_argument("second_positional_argument")\np.add_argument("third_positional_argument", nargs="*")\n', None, "p.format_usage()"),
    ("paragraphs and epilog prog", 'p = argparse.ArgumentParser(prog="p", description="""First  paragraph\n   with   odd spacing.\n\nSecond paragraph.""", epilog="See %(prog)s --help.")\n', None, "p.format_help()"),
    ("positional with long name", 'p = argparse.ArgumentParser(prog="p")\np.add_argument("a_really_long_positional_name", help="it is long")\np.add_argument("b", help="short")\n', None, "p.format_help()"),
    ("empty description", 'p = argparse.ArgumentParser(prog="p", description="", epilog="")\n', None, "p.format_help()"),
    ("usage= custom in error", 'p = argparse.ArgumentParser(prog="p", usage="%(prog)s [opts] FILE")\np.add_argument("file")\n', []),
    ("help for nargs ? optional and const", 'p = argparse.ArgumentParser(prog="p")\np.add_argument("--log", nargs="?", const="-", default=None, help="log to FILE (default %(const)s when given alone)")\n', ["--log"]),
    ("exit_on_error False required still exits", 'p = argparse.ArgumentParser(prog="p", exit_on_error=False)\np.add_argument("x")\n', []),
    ("exit_on_error False unrecognized still exits", 'p = argparse.ArgumentParser(prog="p", exit_on_error=False)\n', ["a"]),
    ("prefix_chars +", 'p = argparse.ArgumentParser(prog="p", prefix_chars="-+")\np.add_argument("+x", action="store_true")\np.add_argument("--y")\n', ["+x", "--y", "1"]),
    ("help from prefix_chars +", 'p = argparse.ArgumentParser(prog="p", prefix_chars="+")\np.add_argument("+x", action="store_true")\n', ["+h"]),
    ("negative-number options", 'p = argparse.ArgumentParser(prog="p")\np.add_argument("-1", dest="one", action="store_true")\np.add_argument("n", nargs="?")\n', ["-1"]),
    ("negative number unknown", 'p = argparse.ArgumentParser(prog="p")\np.add_argument("-1", dest="one", action="store_true")\np.add_argument("n", nargs="?")\n', ["-2"]),
    ("version to stdout", 'p = argparse.ArgumentParser(prog="p")\np.add_argument("-V", action="version", version="%(prog)s version 2.0.1 built from a tree that has a rather long description")\n', ["-V"], None, 40),
    # parse_known_args, Namespace
    ("parse_known_args", BASIC, ["x", "--other", "y"], "p.parse_known_args(ARGS)"),
    ("namespace attributes", BASIC, ["x"], "[ARGS_NS.src, ARGS_NS.count, ARGS_NS.verbose, ARGS_NS.__dict__]"),
    ("vars of a namespace", BASIC, ["x", "--name", "n"], "vars(ARGS_NS)"),
    ("namespace set and repr", BASIC + "ns = argparse.Namespace(a=1, **{'not id': True})\nns.b = [2.5, None]\n", None, "[ns, ns.a, ns.b, hasattr(ns, 'c'), getattr(ns, 'c', 'dflt')]"),
    ("namespace equality", BASIC, ["x"], "ARGS_NS == argparse.Namespace(src='x', verbose=False, count=1, name=None)"),
    ("sys.argv when args is None", BASIC, None, "p.parse_args()"),
    # help and usage
    ("help", ROTATE, ["--help"]),
    ("help -h beats errors after it", ROTATE, ["-h", "--bogus"]),
    ("format_usage", ROTATE, None, "p.format_usage()"),
    ("print_help", ROTATE + "p.print_help()\n", None),
    ("error shows default prog", ROTATE, ["--keep", "x"]),
    ("long invocation on its own line", 'p = argparse.ArgumentParser(prog="prog")\np.add_argument("--a-rather-long-option-name", metavar="VALUE", help="this one is long")\np.add_argument("-s", help="short")\np.add_argument("--quiet", help="")\n', None, "p.format_help()"),
    ("usage wraps", MANY, ["--help"]),
    ("usage wraps with a long prog", MANY.replace('prog="sync-tool"', 'prog="a-program-name-that-is-very-long-indeed-and-then-some-more-x"'), None, "p.format_usage()"),
    ("narrow terminal", ROTATE, ["-h"], None, 40),
    ("wide terminal", MANY, ["-h"], None, 200),
    ("help wraps hyphenated words", 'p = argparse.ArgumentParser(prog="prog")\np.add_argument("--mode", help="select the well-known copy-on-write mode for the back-end storage, or the read-only fall-back mode for everything else that is not supported")\n', None, "p.format_help()"),
    ("help %% and %(prog)s", 'p = argparse.ArgumentParser(prog="prog", description="%(prog)s does 100%% of the work")\np.add_argument("--cpu", type=int, default=50, help="limit in %% for %(prog)s (default: %(default)s, type %(type)s)")\n', None, "p.format_help()"),
    ("SUPPRESS hides help", 'p = argparse.ArgumentParser(prog="prog")\np.add_argument("--secret", help=argparse.SUPPRESS)\np.add_argument("--shown", help="visible")\n', ["-h"]),
    ("argument group", 'p = argparse.ArgumentParser(prog="prog")\ng = p.add_argument_group("network", "Where to connect.")\ng.add_argument("--host", default="localhost")\ng.add_argument("--port", type=int, default=22)\np.add_argument("job")\n', ["-h"]),
    ("mutually exclusive usage", 'p = argparse.ArgumentParser(prog="prog")\ng = p.add_mutually_exclusive_group()\ng.add_argument("--json", action="store_true")\ng.add_argument("--csv", action="store_true")\n', None, "p.format_usage()"),
    ("mutually exclusive conflict", 'p = argparse.ArgumentParser(prog="prog")\ng = p.add_mutually_exclusive_group(required=True)\ng.add_argument("--json", action="store_true")\ng.add_argument("--csv", action="store_true")\n', ["--json", "--csv"]),
    ("mutually exclusive required", 'p = argparse.ArgumentParser(prog="prog")\ng = p.add_mutually_exclusive_group(required=True)\ng.add_argument("--json", action="store_true")\ng.add_argument("--csv", action="store_true")\n', []),
    ("metavar tuple", 'p = argparse.ArgumentParser(prog="prog")\np.add_argument("--point", nargs=2, metavar=("X", "Y"), type=int)\np.add_argument("--files", nargs="*", metavar="F")\np.add_argument("--more", nargs="+")\n', ["-h"]),
    ("no add_help", 'p = argparse.ArgumentParser(prog="prog", add_help=False, usage="%(prog)s [options]")\np.add_argument("--x")\n', ["-h"]),
    ("RawDescriptionHelpFormatter", 'p = argparse.ArgumentParser(prog="prog", formatter_class=argparse.RawDescriptionHelpFormatter, description="first line\\n  indented line\\n\\nlast")\np.add_argument("--x", help="a   help   text   that   is   normalised")\n', None, "p.format_help()"),
    ("ArgumentDefaultsHelpFormatter", 'p = argparse.ArgumentParser(prog="prog", formatter_class=argparse.ArgumentDefaultsHelpFormatter)\np.add_argument("--n", type=int, default=3, help="count")\np.add_argument("--flag", action="store_true", help="a flag")\np.add_argument("pos", help="positional")\n', None, "p.format_help()"),
    ("default prog is argv[0] basename", 'p = argparse.ArgumentParser()\np.add_argument("--x", required=True)\n', []),
    # subparsers
    ("subcommand", SUB, ["run", "/srv", "--full"]),
    ("subcommand alias", SUB, ["-q", "ls", "--limit", "3"]),
    ("subcommand absent", SUB, []),
    ("subcommand invalid", SUB, ["restore"]),
    ("subcommand error uses its prog", SUB, ["run"]),
    ("subcommand help", SUB, ["run", "-h"]),
    ("subcommand list in help", SUB, ["--help"]),
    ("subcommand extras", SUB, ["prune", "--zap"]),
    ("subcommand required", 'p = argparse.ArgumentParser(prog="tool")\nsub = p.add_subparsers(dest="cmd", required=True)\nsub.add_parser("a")\nsub.add_parser("b")\n', []),
    ("subcommands with title", 'p = argparse.ArgumentParser(prog="tool")\nsub = p.add_subparsers(title="commands", description="Pick one.", dest="cmd", metavar="COMMAND")\nsub.add_parser("start", help="start it")\nsub.add_parser("stop", help="stop it")\n', ["-h"]),
    ("subcommand without dest, invalid", 'p = argparse.ArgumentParser(prog="tool")\nsub = p.add_subparsers()\nsub.add_parser("a")\nsub.add_parser("b")\n', ["c"]),
]


def run(setup, args, expr, columns):
    os.environ["COLUMNS"] = str(columns)
    sys.argv = [ARGV0] + (["in.txt", "-v", "--name", "n"] if args is None else [])
    if args is not None:
        code = setup + "ARGS_NS = p.parse_args(%s)\n" % json.dumps(args)
        if expr is None:
            expr = "ARGS_NS"
        else:
            code = setup
            if "ARGS_NS" in expr:
                code = setup + "ARGS_NS = p.parse_args(%s)\n" % json.dumps(args)
            expr = expr.replace("ARGS)", json.dumps(args) + ")")
    else:
        code = setup
        if expr is None:
            expr = "None"
    code += "__r__ = (%s)\n" % expr
    out, err = io.StringIO(), io.StringIO()
    res = {"code": code, "columns": columns, "argv": sys.argv, "result": None, "json": None,
           "exit": None, "error": None}
    g = {"argparse": argparse, "sys": sys}
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            exec(code, g)
        r = g["__r__"]
        if isinstance(r, argparse.Namespace):
            res["json"] = json.dumps(vars(r), sort_keys=True)
        res["result"] = r if isinstance(r, str) else repr(r)
    except SystemExit as e:
        res["exit"] = e.code
    except Exception as e:
        res["error"] = "%s: %s" % (type(e).__name__, e)
    res["stdout"] = out.getvalue()
    res["stderr"] = err.getvalue()
    return res


def main():
    cases = []
    for c in CASES:
        name, setup, args = c[:3]
        expr = c[3] if len(c) > 3 else None
        columns = c[4] if len(c) > 4 else 80
        r = run(setup, args, expr, columns)
        r = dict(name=name, **r)
        cases.append(r)
    with open("cases.json", "w") as f:
        json.dump(cases, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
