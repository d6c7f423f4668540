"""tm_tokenize.py GRAMMAR FILE: tokenizes FILE with a TextMate grammar (the
subset bdsl.tmLanguage.json uses: match/captures, begin/end with nested
patterns, include of repository rules) using Python's re, and prints one line
per token: `LINE:COL SCOPE 'TEXT'`. Also validates the grammar's structure
(every include resolves, every regex compiles)."""
import json
import re
import sys

grammar = json.load(open(sys.argv[1]))
assert grammar["scopeName"] == "source.bdsl", grammar.get("scopeName")
assert "bdsl" in grammar["fileTypes"]
repo = grammar["repository"]


def resolve(patterns):
    out = []
    for p in patterns:
        if "include" in p:
            name = p["include"]
            assert name.startswith("#") and name[1:] in repo, f"bad include {name}"
            rule = repo[name[1:]]
            out.extend(resolve(rule["patterns"]) if "patterns" in rule and
                       "begin" not in rule else [rule])
        elif "patterns" in p and "begin" not in p and "match" not in p:
            out.extend(resolve(p["patterns"]))
        else:
            out.append(p)
    return out


def compiled(rule, key):
    cache = rule.setdefault("_re", {})
    if key not in cache:
        cache[key] = re.compile(rule[key])
    return cache[key]


top = resolve(grammar["patterns"])
for rule in top:
    for key in ("match", "begin", "end"):
        if key in rule:
            compiled(rule, key)


def emit(tokens, line_no, m, rule, default_scope):
    caps = rule.get("captures", {})
    if caps:
        for group, spec in sorted(caps.items(), key=lambda kv: int(kv[0])):
            g = int(group)
            if m.group(g):
                tokens.append((line_no, m.start(g) + 1, spec["name"], m.group(g)))
    elif default_scope:
        tokens.append((line_no, m.start() + 1, default_scope, m.group()))


def first_match(patterns, line, pos):
    best = None
    for rule in patterns:
        key = "begin" if "begin" in rule else "match"
        m = compiled(rule, key).search(line, pos)
        if m and (best is None or m.start() < best[0].start()):
            best = (m, rule)
    return best


tokens = []
for line_no, line in enumerate(open(sys.argv[2]).read().split("\n"), 1):
    pos = 0
    while pos < len(line):
        found = first_match(top, line, pos)
        if not found:
            break
        m, rule = found
        if "begin" in rule:
            scope = rule["name"]
            start = m.start()
            inner = resolve(rule.get("patterns", []))
            p = m.end()
            end_re = compiled(rule, "end")
            while True:
                e = end_re.search(line, p)
                sub = first_match(inner, line, p)
                if sub and (e is None or sub[0].start() < e.start()):
                    emit(tokens, line_no, sub[0], sub[1], sub[1].get("name"))
                    p = max(sub[0].end(), p + 1)
                    continue
                p = e.end() if e else len(line)
                break
            tokens.append((line_no, start + 1, scope, line[start:p]))
            pos = max(p, m.end())
        else:
            emit(tokens, line_no, m, rule, rule.get("name"))
            pos = max(m.end(), pos + 1)

for line_no, col, scope, text in tokens:
    print(f"{line_no}:{col} {scope} {text!r}")
