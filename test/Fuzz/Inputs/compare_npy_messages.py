"""For each .npy file given, compiles a program that loads it and loads it
with the runtime's test binary, and prints "NAME: REASON" when both refuse it
for the same reason, or a DIFFER line. bridgec says
    cannot use 'PATH' for 'load': REASON
and the runtime
    error: rank 0: PATH: REASON
"""
import argparse
import os
import re
import shlex
import subprocess


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bridgec", required=True)
    p.add_argument("--runtime", required=True, help="command running bridge-runtime-tests")
    p.add_argument("--work", required=True)
    p.add_argument("files", nargs="+")
    a = p.parse_args()
    os.makedirs(a.work, exist_ok=True)
    same = 0
    for path in a.files:
        name = os.path.basename(path)
        prog = os.path.join(a.work, name + ".bdsl")
        with open(prog, "w") as f:
            f.write('let a = load("%s", chunks=[1])\nprint sum(a)\n' % path)
        compiled = subprocess.run([a.bridgec, "--emit=ast", prog],
                                  capture_output=True, text=True)
        m = re.search(r"for 'load': (.*)", compiled.stderr)
        at_compile = m.group(1) if m else "accepted (%s)" % compiled.stderr.strip()
        ran = subprocess.run(shlex.split(a.runtime) + ["--bridge-load=%s,f64,3" % path],
                             capture_output=True, text=True)
        m = re.search(r"error: rank 0: " + re.escape(path) + r": (.*)", ran.stderr)
        at_run = m.group(1) if m else "accepted (%s)" % ran.stderr.strip()
        if at_compile == at_run:
            same += 1
            print("%s: %s" % (name, at_compile))
        else:
            print("DIFFER %s: compile time: %s; run time: %s" % (name, at_compile, at_run))
    print("%d files, the same reason at compile and run time" % same)


if __name__ == "__main__":
    main()
