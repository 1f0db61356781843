"""Shared by the per-module generators: evaluate each case with CPython 3.11
and write the cases file the Go tests read (coretest.Run).

A module's gen_cases.py defines CASES as a list of (setup, expr) or
(setup, expr, "kind_only") and calls write(CASES, ns_setup, out_path).
"""
import json
import sys


def write(cases, prelude, out):
    assert sys.version_info[:2] == (3, 11), "generate with CPython 3.11"
    rows = []
    for c in cases:
        setup, expr = c[0], c[1]
        ns = {}
        exec(prelude, ns)
        try:
            exec(setup, ns)
            v = eval(expr, ns)
            want = str(v)
        except Exception as e:  # the expected error
            want = "!%s: %s" % (type(e).__name__, e)
        row = {"expr": expr, "want": want}
        if setup:
            row["setup"] = setup
        if len(c) > 2 and c[2] == "kind_only":
            row["kind_only"] = True
        rows.append(row)
    with open(out, "w") as f:
        json.dump(rows, f, indent=1, ensure_ascii=False)
        f.write("\n")
