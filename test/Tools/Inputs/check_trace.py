"""check_trace.py TRACE NRANKS [CATEGORY...]: TRACE is a Chrome trace-event
JSON array whose complete ("X") events come from every rank 0..NRANKS-1, each
with a name, a category, non-negative ts and dur (microseconds), pid = rank and
tid 0; every CATEGORY occurs on every rank; spans of one rank nest properly."""
import json
import sys

path, nranks, cats = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
with open(path) as f:
    events = json.load(f)
assert isinstance(events, list), "not a JSON array"
complete = [e for e in events if e.get("ph") == "X"]
assert complete, "no complete events"
for e in complete:
    for key in ("name", "cat", "ts", "dur", "pid", "tid"):
        assert key in e, f"event without {key}: {e}"
    assert e["ts"] >= 0 and e["dur"] >= 0, e
    assert e["tid"] == 0, e
    assert 0 <= e["pid"] < nranks, e
pids = {e["pid"] for e in complete}
assert pids == set(range(nranks)), f"events from ranks {sorted(pids)}"
for r in range(nranks):
    mine = [e for e in complete if e["pid"] == r]
    have = {e["cat"] for e in mine}
    for c in cats:
        assert c in have, f"rank {r}: no '{c}' event (has {sorted(have)})"
    # Proper nesting: sorted by start, each span ends within its parent.
    stack = []
    eps = 0.002  # the printed microseconds are rounded to 3 decimals
    for e in sorted(mine, key=lambda e: (e["ts"], -e["dur"])):
        end = e["ts"] + e["dur"]
        while stack and stack[-1] <= e["ts"] + eps:
            stack.pop()
        assert not stack or end <= stack[-1] + eps, f"rank {r}: {e} overlaps"
        stack.append(end)
names = {(e["pid"], e["args"]["name"]) for e in events
         if e.get("ph") == "M" and e.get("name") == "process_name"}
assert names == {(r, f"rank {r}") for r in range(nranks)}, names
print(f"{len(complete)} events from {nranks} ranks")
