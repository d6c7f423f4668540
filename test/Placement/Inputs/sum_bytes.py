"""Compares the bytes a program sent (its --stats lines on stderr) with the
bytes bridgec --explain-placement says its moves, halos, combines, selections,
compactions and counts send."""
import re
import sys

explained = sum(int(m.group(1)) for m in
                re.finditer(r"^  step \d+, (?:(?:move|halo|select|compact|count) .*|combine): (\d+) bytes$",
                            open(sys.argv[1]).read(), re.M))
sent = sum(int(m.group(1)) for m in
           re.finditer(r"^bridge: rank \d+ sent (\d+) bytes$",
                       open(sys.argv[2]).read(), re.M))
print(f"explained {explained} sent {sent}")
sys.exit(0 if explained == sent else 1)
