#!/usr/bin/env python3
"""check_trace.py TRACE.json TASKS STEPS: the trace is valid Chrome/Perfetto
JSON with one complete ("X") event per executed task, each with a name,
a worker (tid) and non-negative times. Prints a one-line summary."""
import json
import sys

trace_path, tasks, steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with open(trace_path) as f:
    trace = json.load(f)
events = [e for e in trace["traceEvents"] if e.get("ph") == "X"]
assert len(events) == tasks * steps, f"{len(events)} task events, expected {tasks * steps}"
for e in events:
    assert e["name"] and isinstance(e["tid"], int) and isinstance(e["pid"], int), e
    assert e["ts"] >= 0 and e["dur"] >= 0, e
workers = {(e["pid"], e["tid"]) for e in events}
epochs = sorted({e["args"]["epoch"] for e in events})
print(f"trace ok: {len(events)} task events on {len(workers)} workers, epochs {epochs}")
