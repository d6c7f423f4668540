"""Runs a command and checks how and how fast it ended.

usage: ends_within.py SECONDS {fails|succeeds} OUT ERR COMMAND...

Runs COMMAND with its standard output in OUT and its standard error in ERR,
then exits 0 when it failed (non-zero status, or a signal) or succeeded as
asked within SECONDS, and 1 otherwise, saying why on this script's standard
error. A command still running after 3 * SECONDS is killed (its whole process
group), so a hang fails the test instead of stalling it.
"""
import os
import signal
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 6 or sys.argv[2] not in ("fails", "succeeds"):
        sys.exit(__doc__)
    limit = float(sys.argv[1])
    want_fail = sys.argv[2] == "fails"
    with open(sys.argv[3], "wb") as out, open(sys.argv[4], "wb") as err:
        start = time.monotonic()
        p = subprocess.Popen(sys.argv[5:], stdin=subprocess.DEVNULL, stdout=out,
                             stderr=err, start_new_session=True)
        try:
            status = p.wait(timeout=3 * limit)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
            sys.stderr.write("ends_within: still running after %.0f s: killed\n"
                             % (3 * limit))
            sys.exit(1)
        elapsed = time.monotonic() - start
    failed = status != 0
    ok = True
    if failed != want_fail:
        sys.stderr.write("ends_within: exit status %d, expected %s\n"
                         % (status, "non-zero" if want_fail else "0"))
        ok = False
    if elapsed > limit:
        sys.stderr.write("ends_within: took %.1f s, more than %.0f s\n"
                         % (elapsed, limit))
        ok = False
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
