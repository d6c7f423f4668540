"""Runs a command on a terminal of its own and records what it writes.

usage: pty_run.py TRANSCRIPT [--cols N] -- COMMAND...

COMMAND's standard input, output and error are a new pseudo-terminal of N
columns (default 100); everything it writes there goes to TRANSCRIPT, raw
(the terminal turns "\\n" into "\\r\\n"). Exits with COMMAND's status; a
command still running after 120 s is killed (its process group) and fails.
"""
import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time


def main():
    args = sys.argv[1:]
    if len(args) < 3 or "--" not in args:
        sys.exit(__doc__)
    split = args.index("--")
    transcript, options, command = args[0], args[1:split], args[split + 1:]
    cols = int(options[options.index("--cols") + 1]) if "--cols" in options else 100
    pid, master = pty.fork()
    if pid == 0:
        fcntl.ioctl(sys.stdout.fileno(), termios.TIOCSWINSZ,
                    struct.pack("HHHH", 30, cols, 0, 0))
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    data = bytearray()
    deadline = time.monotonic() + 120
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            os.killpg(pid, signal.SIGKILL)
            sys.stderr.write("pty_run: still running after 120 s: killed\n")
            os.waitpid(pid, 0)
            sys.exit(1)
        ready, _, _ = select.select([master], [], [], left)
        if not ready:
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: every writer has closed the terminal
            break
        if not chunk:
            break
        data += chunk
    _, status = os.waitpid(pid, 0)
    with open(transcript, "wb") as f:
        f.write(data)
    sys.exit(os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode")
             else status >> 8)


if __name__ == "__main__":
    main()
