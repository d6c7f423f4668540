"""Runs `bridgec --emit=ast` on every input and checks that it ends cleanly.

usage: check_inputs.py BRIDGEC PATH...   (files, or directories of *.bdsl)

Each input must make bridgec exit 0 (a valid program), or 1 with at least one
"error:" line on standard error; never a signal, another status, a crash
report ("Stack dump", "PLEASE submit") or a sanitizer report, and never take
longer than the timeout. Prints one line per failing input and a summary;
exits 1 when any input failed.
"""
import os
import subprocess
import sys

TIMEOUT = 30  # seconds per input; a clean run takes well under one
CRASH_MARKS = ("Stack dump", "PLEASE submit", "AddressSanitizer",
               "runtime error:", "Assertion", "LLVM ERROR")


def inputs(paths):
    for p in paths:
        if os.path.isdir(p):
            for name in sorted(os.listdir(p)):
                if name.endswith(".bdsl"):
                    yield os.path.join(p, name)
        else:
            yield p


def check(bridgec, path):
    """None when bridgec handled `path` cleanly, else what went wrong."""
    try:
        r = subprocess.run([bridgec, "--emit=ast", path, "-o", os.devnull],
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return "no result within %d s (a hang?)" % TIMEOUT
    err = r.stderr.decode("utf-8", "replace")
    for mark in CRASH_MARKS:
        if mark in err:
            return "crash report (%r) on stderr, exit %d" % (mark, r.returncode)
    if r.returncode == 0:
        return None
    if r.returncode != 1:
        return "exit status %d (a signal if negative), expected 0 or 1" % r.returncode
    if "error:" not in err:
        return "exit 1 without an 'error:' line"
    return None


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    bridgec = sys.argv[1]
    checked = failed = 0
    for path in inputs(sys.argv[2:]):
        checked += 1
        problem = check(bridgec, path)
        if problem:
            failed += 1
            print("FAIL %s: %s" % (path, problem))
    print("checked %d inputs, %d failed" % (checked, failed))
    sys.exit(1 if failed or not checked else 0)


if __name__ == "__main__":
    main()
