"""check_progress.py ERR STEP: ERR (a program's standard error with
--progress) holds only '\\r'-separated progress lines, at least one naming
STEP, and ends with the line erased (blanks, then '\\r')."""
import sys

text = open(sys.argv[1], newline="").read()
step = sys.argv[2]
assert "\n" not in text, f"progress wrote a newline: {text!r}"
parts = [p for p in text.split("\r") if p.strip()]
assert parts, f"no progress line: {text!r}"
for p in parts:
    assert p.startswith("bridge "), f"unexpected text: {p!r}"
assert any(step in p for p in parts), f"no line names {step}: {parts}"
assert text.endswith("\r") and text.rstrip("\r").split("\r")[-1].strip() == "", \
    f"the line is not erased at the end: {text[-80:]!r}"
print(f"{len(parts)} progress updates")
