#!/usr/bin/env python3
"""Check what a bridgec program printed against NumPy.

Usage (from a lit RUN line):
    %python %testlib/bridge_check.py OUTPUT SOURCE [-D NAME=VALUE]... [--rtol R]

OUTPUT is the program's standard output (spec section 5: one line per `print`).
SOURCE is a file (usually the .bdsl test itself) whose comment lines hold the
expected values, one per printed line, in order:

    # ORACLE: x = random([1000], seed=42)      a Python statement, run in order
    # EXPECT: np.sum(x)                        a float: relative tolerance (default 1e-12)
    # EXPECT(rtol=1e-15): np.sum(x)            a float with its own tolerance
    # EXPECT(atol=1e-12): np.sum(x) - 500.0    ... or an absolute one (both may be given)
    # EXPECT(exact): np.max(x)                 a float that must have the same bits
    # EXPECT: 42                               an integer: must print exactly `42`
    # EXPECT: np.any(x > 0.5)                  a bool: must print `true` or `false`

Expressions and statements see NumPy as `np`, `math`, everything in
bridge_oracle (`random`, `normal`, `zeros`, `ones`, `full`, `arange`,
`legacy_checksum`, ...) and the names given with -D (e.g. `-D P=3` for the
rank count). The kind of comparison follows the type of the expected value:
Python/NumPy bool, integer, or float (a 0-d or one-element array counts as its
element). A float must also be printed the way spec section 5 says (`%.17g`).

The number of printed lines must equal the number of EXPECT lines. On any
mismatch every line is listed, the bad ones marked, and the exit status is 1.
"""

import argparse
import ast
import math
import re
import sys

import numpy as np

import bridge_oracle

DIRECTIVE = re.compile(
    r"^\s*(?:#|//|;)\s*(?P<kind>[A-Z][A-Z0-9_-]*)(?:\((?P<opts>[^)]*)\))?:\s?(?P<body>.*)$")


class Expectation:
    def __init__(self, line_no, text, value, opts):
        self.line_no = line_no
        self.text = text
        self.value = value
        self.opts = opts


class CheckError(Exception):
    pass


def _parse_opts(opts, where):
    result = {}
    if not opts:
        return result
    for item in opts.split(","):
        item = item.strip()
        if not item:
            continue
        if item == "exact":
            result["exact"] = True
            continue
        key, sep, val = item.partition("=")
        key = key.strip()
        if not sep or key not in ("rtol", "atol"):
            raise CheckError(f"{where}: unknown option '{item}' (use rtol=, atol= or exact)")
        result[key] = float(val)
    return result


def _namespace(defines):
    ns = {name: getattr(bridge_oracle, name) for name in bridge_oracle.__all__}
    ns["np"] = np
    ns["math"] = math
    ns.update(defines)
    return ns


def _normalise(value, where):
    """The expected value as a Python bool, int or float."""
    if isinstance(value, np.ndarray):
        if value.size != 1:
            raise CheckError(f"{where}: expected value is an array of shape {value.shape}, not a scalar")
        value = value.reshape(()).item() if value.dtype != np.bool_ else bool(value.reshape(()))
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value)
    raise CheckError(f"{where}: expected value {value!r} is not a bool, integer or float")


def load_expectations(source, defines, prefix="EXPECT", oracle_prefix="ORACLE"):
    ns = _namespace(defines)
    expectations = []
    with open(source, encoding="utf-8") as f:
        lines = f.read().splitlines()
    for no, line in enumerate(lines, start=1):
        m = DIRECTIVE.match(line)
        if not m:
            continue
        kind, body = m.group("kind"), m.group("body").strip()
        where = f"{source}:{no}"
        if kind == oracle_prefix:
            try:
                exec(compile(body, where, "exec"), ns)
            except Exception as e:  # report the test's own mistake clearly
                raise CheckError(f"{where}: {oracle_prefix} statement failed: {type(e).__name__}: {e}")
        elif kind == prefix:
            opts = _parse_opts(m.group("opts"), where)
            try:
                value = eval(compile(body, where, "eval"), ns)
            except Exception as e:
                raise CheckError(f"{where}: {prefix} expression failed: {type(e).__name__}: {e}")
            expectations.append(Expectation(no, body, _normalise(value, where), opts))
    if not expectations:
        raise CheckError(f"{source}: no '# {prefix}:' lines")
    return expectations


def uses_name(source, name, prefix="EXPECT", oracle_prefix="ORACLE"):
    """Whether any directive of `source` mentions the identifier `name`."""
    word = re.compile(r"\b" + re.escape(name) + r"\b")
    with open(source, encoding="utf-8") as f:
        for line in f:
            m = DIRECTIVE.match(line)
            if m and m.group("kind") in (prefix, oracle_prefix) and word.search(m.group("body")):
                return True
    return False


def _format_float(v):
    return "%.17g" % v


def compare(actual, exp, default_rtol):
    """None when `actual` (one printed line) matches, else the reason."""
    want = exp.value
    if isinstance(want, bool):
        text = "true" if want else "false"
        return None if actual == text else f"expected the bool `{text}`"
    if isinstance(want, int):
        if not re.fullmatch(r"-?[0-9]+", actual):
            return "expected an integer in decimal"
        return None if int(actual) == want else "integers differ"
    # A float.
    try:
        got = float(actual)
    except ValueError:
        return "expected a float"
    if math.isnan(got):
        if actual != "nan":
            return "a NaN must print as `nan`"
    elif _format_float(got) != actual:
        return f"not printed as %.17g (would be `{_format_float(got)}`)"
    if math.isnan(want) or math.isnan(got):
        return None if math.isnan(want) and math.isnan(got) else "NaN mismatch"
    if exp.opts.get("exact"):
        same = np.float64(got).view(np.uint64) == np.float64(want).view(np.uint64)
        return None if same else "bits differ"
    if math.isinf(want) or math.isinf(got):
        return None if want == got else "infinity mismatch"
    rtol = exp.opts.get("rtol", default_rtol if "atol" not in exp.opts else 0.0)
    atol = exp.opts.get("atol", 0.0)
    if abs(got - want) <= atol + rtol * abs(want):
        return None
    rel = abs(got - want) / abs(want) if want != 0 else math.inf
    return f"off by {abs(got - want):.3g} (relative {rel:.3g}; rtol={rtol:g}, atol={atol:g})"


def check(output_lines, expectations, default_rtol=1e-12, label="output"):
    """Returns (ok, report)."""
    rows = []
    ok = True
    n = max(len(output_lines), len(expectations))
    for k in range(n):
        exp = expectations[k] if k < len(expectations) else None
        got = output_lines[k] if k < len(output_lines) else None
        if exp is None:
            rows.append((k + 1, "-", "(nothing expected)", got, "extra output line"))
            ok = False
            continue
        want = exp.value
        shown = ("true" if want else "false") if isinstance(want, bool) else (
            str(want) if isinstance(want, int) else _format_float(want))
        if got is None:
            rows.append((k + 1, exp.line_no, shown, "(missing)", "program printed too few lines"))
            ok = False
            continue
        reason = compare(got, exp, default_rtol)
        if reason:
            ok = False
        rows.append((k + 1, exp.line_no, shown, got, reason))
    if ok:
        return True, f"{label}: all {len(expectations)} printed values match"
    out = [f"{label}: MISMATCH ({len(output_lines)} lines printed, {len(expectations)} expected)"]
    for line, src, shown, got, reason in rows:
        mark = "  " if reason is None else "!!"
        out.append(f"{mark} line {line} (EXPECT at source line {src}): expected {shown}, got {got}"
                   + ("" if reason is None else f"  <- {reason}"))
    return False, "\n".join(out)


def parse_defines(items):
    defines = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or not name.isidentifier():
            raise CheckError(f"-D expects NAME=VALUE, got '{item}'")
        try:
            defines[name] = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            defines[name] = value
    return defines


def read_output(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("output", help="the program's standard output ('-' for stdin)")
    ap.add_argument("source", help="the file holding '# EXPECT:' lines")
    ap.add_argument("-D", dest="defines", action="append", metavar="NAME=VALUE",
                    help="a name for the expressions, e.g. -D P=4")
    ap.add_argument("--rtol", type=float, default=1e-12, help="default relative tolerance")
    ap.add_argument("--prefix", default="EXPECT", help="directive for expected values")
    args = ap.parse_args(argv)
    try:
        defines = parse_defines(args.defines)
        expectations = load_expectations(args.source, defines, args.prefix)
        if args.output == "-":
            lines = sys.stdin.read().split("\n")
            if lines and lines[-1] == "":
                lines.pop()
        else:
            lines = read_output(args.output)
    except (CheckError, OSError) as e:
        print(f"bridge_check: error: {e}", file=sys.stderr)
        return 2
    label = args.output + (" " + " ".join(f"[{d}]" for d in args.defines) if args.defines else "")
    ok, report = check(lines, expectations, args.rtol, label)
    print(report, file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
