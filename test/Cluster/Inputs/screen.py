"""Checks a terminal transcript of a run with the progress bar.

usage: screen.py TRANSCRIPT EXPECTED_STDOUT [--cols N] [--bar-only]

Replays TRANSCRIPT as a terminal of N columns (default 100) would show it
('\\r' returns to the start of the line and later characters overwrite
earlier ones) and checks that
 - the bar was drawn: some '\\r' rewrote a line;
 - no drawing was ever as wide as the terminal (it would wrap, and '\\r'
   could not redraw it);
 - what stays on the screen is exactly EXPECTED_STDOUT: the bar was erased
   before every printed line and at the end.
With --bar-only (a program behind mpirun, which forwards standard output and
standard error through separate pipes, in no fixed order) only the first two
hold, and only for the drawings themselves.
Prints what differs and exits 1 otherwise.
"""
import sys


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    cols = int(sys.argv[sys.argv.index("--cols") + 1]) if "--cols" in sys.argv else 100
    data = open(sys.argv[1], "rb").read().decode("utf-8", "replace")
    expected = open(sys.argv[2]).read().splitlines()
    problems = []
    bar_only = "--bar-only" in sys.argv
    if bar_only:
        drawings = [d for d in data.split("\r") if d.startswith("bridge")]
        widest = max((len(d) for d in drawings), default=0)
        if len(drawings) < 2:
            problems.append("no bar was drawn (%d drawings)" % len(drawings))
        if widest >= cols:
            problems.append("a drawing was %d characters wide, the terminal %d" % (widest, cols))
        for p in problems:
            sys.stderr.write("screen: %s\n" % p)
        sys.exit(1 if problems else 0)
    lines, line, col, redraws, widest = [], [], 0, 0, 0
    for ch in data:
        if ch == "\n":
            lines.append("".join(line).rstrip())
            line, col = [], 0
        elif ch == "\r":
            widest = max(widest, col)
            if col > 0:
                redraws += 1
            col = 0
        else:
            if col < len(line):
                line[col] = ch
            else:
                line.append(ch)
            col += 1
            widest = max(widest, col)
    if "".join(line).strip():
        lines.append("".join(line).rstrip())
    if redraws < 2:
        problems.append("no bar was drawn (%d redraws)" % redraws)
    if widest >= cols:
        problems.append("a drawing was %d characters wide, the terminal %d" % (widest, cols))
    if lines != expected:
        problems.append("the screen shows %r, expected %r" % (lines, expected))
    for p in problems:
        sys.stderr.write("screen: %s\n" % p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
