"""Writes large hostile programs into a directory (too big to keep in git).

usage: make_nasty.py DIR
"""
import os
import random
import sys

MB = 1 << 20


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)

    def write(name, data):
        if isinstance(data, str):
            data = data.encode()
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)

    # One line of 1 MB in each shape the lexer treats differently.
    write("line-comment.bdsl", "# " + "x" * MB + "\nprint 1\n")
    write("line-ident.bdsl", "let " + "a" * MB + " = 1\nprint 2\n")
    write("line-digits.bdsl", "let x = " + "9" * MB + "\n")
    write("line-float.bdsl", "let x = 0." + "0" * MB + "1\nprint x\n")
    write("line-underscores.bdsl", "let x = 1" + "_1" * (MB // 2) + "\n")
    write("line-string.bdsl",
          "let x = zeros([2], chunks=[1])\nsave x to \"" + "p" * MB + "\"\n")
    write("line-string-open.bdsl", "save 1 to \"" + "p" * MB)
    write("line-escapes.bdsl", "save 1 to \"" + "\\q" * (MB // 2) + "\"\n")
    write("line-spaces.bdsl", " " * MB + "print 3\n")
    write("line-sum.bdsl", "print 1" + " + 1" * (MB // 4) + "\n")
    write("line-list.bdsl",
          "let x = zeros([2], chunks=[1])\nprint sum(concat([" +
          "x, " * (MB // 3) + "x]))\n")
    write("line-args.bdsl", "print sum(" + "1, " * (MB // 3) + "1)\n")
    write("line-unicode.bdsl", "let x = 1 " + "\u00e9" * (MB // 2) + "\n")
    # Many lines and many statements.
    write("many-lets.bdsl", "".join("let v%d = %d\n" % (i, i) for i in range(50000)))
    write("many-newlines.bdsl", "\n" * MB + "print 4\n")
    # Deep nesting beyond the limit, in every bracket and prefix form.
    write("deep-parens.bdsl", "let x = " + "(" * 100000 + "1" + ")" * 100000 + "\n")
    write("deep-squares.bdsl", "let x = " + "[" * 100000 + "]" * 100000 + "\n")
    write("deep-not.bdsl", "let x = " + "not " * 100000 + "true\n")
    write("deep-power.bdsl", "let x = 2" + " ** 2" * 100000 + "\n")
    write("deep-calls.bdsl", "let x = " + "abs(" * 100000 + "1" + ")" * 100000 + "\n")
    write("deep-open.bdsl", "(" * MB)
    write("deep-postfix.bdsl", "let x = zeros([4], chunks=[2])" + ".T" * 100000 + "\n")
    # Binary: NUL bytes, random bytes, bytes that are never valid UTF-8.
    write("nul.bdsl", b"\0" * MB)
    rng = random.Random(6)
    write("random.bdsl", bytes(rng.randrange(256) for _ in range(MB)))
    write("invalid-utf8.bdsl", b"\xff\xfe\xc0\x80" * (MB // 4))
    write("truncated-utf8.bdsl", b"let x = 1 # \xe2\x82")
    write("empty.bdsl", b"")


if __name__ == "__main__":
    main()
