#!/usr/bin/env python3
"""Checks a netwhy JSON Lines stream: expect.py FILE [--min N] [--none] EXPR [EXPR...]

Each EXPR is a Python expression evaluated with the event's fields as names
(plus `ev`, the whole object, and `ns`, the namespace name).  The check holds
when at least N events (default 1) satisfy every EXPR; with --none when no
event does.  On failure it prints the expressions and a sample of the events
of the same type, so a failing test says what it saw.  Every line must be a
JSON object: a malformed line is a failure of its own.
"""
import json
import sys


def main(argv):
    minimum, none, exprs = 1, False, []
    path = argv[1]
    i = 2
    while i < len(argv):
        if argv[i] == "--min":
            minimum = int(argv[i + 1])
            i += 2
        elif argv[i] == "--none":
            none = True
            i += 1
        else:
            exprs.append(argv[i])
            i += 1
    events = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                ev = json.loads(line)
            except ValueError as e:
                print(f"FAIL: line {n} is not JSON ({e}): {line[:200]!r}")
                return 1
            if not isinstance(ev, dict):
                print(f"FAIL: line {n} is not an object")
                return 1
            events.append(ev)
    code = [compile(e, "<expr>", "eval") for e in exprs]
    hits = []
    for ev in events:
        names = dict(ev)
        names["ev"] = ev
        names["ns"] = (ev.get("netns") or {}).get("name")
        try:
            if all(eval(c, {}, names) for c in code):
                hits.append(ev)
        except (NameError, KeyError, TypeError, AttributeError):
            continue
    ok = (not hits) if none else (len(hits) >= minimum)
    if ok:
        print(f"ok: {len(hits)} event(s): {' and '.join(exprs)}")
        return 0
    want = "none" if none else f"at least {minimum}"
    print(f"FAIL: wanted {want} event(s) with {' and '.join(exprs)}; found {len(hits)} of {len(events)}")
    for ev in (hits if none else events)[:8]:
        print("  " + json.dumps(ev)[:400])
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
