"""Summarizes a tile-run --trace file (Chrome trace JSON): how many task runs
over how many steps, then for the last step (the warmest) the step's span
and, per task kind, the runs, the time in bodies and the time waiting for
dependencies (cuda traces stamp when each task's waits were met; host traces
do not, and show "-"). Usage: trace_summary.py TRACE.json [--all-steps]"""
import collections
import json
import sys


def main():
    path = sys.argv[1]
    events = [e for e in json.load(open(path))["traceEvents"] if e.get("ph") == "X"]
    if not events:
        sys.exit("%s: no task events" % path)
    epochs = sorted({e["args"]["epoch"] for e in events})
    print("%d task runs over %d epochs" % (len(events), len(epochs)))
    chosen = epochs if "--all-steps" in sys.argv[2:] else epochs[-1:]
    step = [e for e in events if e["args"]["epoch"] in chosen]
    span = max(e["ts"] + e["dur"] for e in step) - min(e["ts"] for e in step)
    workers = {(e["pid"], e["tid"]) for e in step}
    print("epoch%s %s: %.1f us from the first task's start to the last one's end, %d workers"
          % ("s" if len(chosen) > 1 else "", ",".join(map(str, chosen)), span, len(workers)))
    kinds = collections.defaultdict(lambda: [0, 0.0, 0.0, False])
    for e in step:
        k = kinds[e["cat"]]
        wait = e["args"].get("wait_us")
        k[0] += 1
        k[1] += e["dur"] - (wait or 0.0)
        if wait is not None:
            k[2] += wait
            k[3] = True
    print("%-16s %6s %12s %12s %10s" % ("kind", "runs", "body us", "wait us", "body/run"))
    for name, (runs, body, wait, known) in sorted(kinds.items(), key=lambda kv: -kv[1][1]):
        print("%-16s %6d %12.1f %12s %10.2f" % (name, runs, body, "%.1f" % wait if known else "-",
                                               body / runs))
    # Per worker, the sum of bodies against the span: how busy the workers are.
    busy = collections.defaultdict(float)
    for e in step:
        busy[(e["pid"], e["tid"])] += e["dur"] - (e["args"].get("wait_us") or 0.0)
    values = sorted(busy.values())
    print("per-worker body time: min %.1f, median %.1f, max %.1f us (of a %.1f us span)"
          % (values[0], values[len(values) // 2], values[-1], span))
    # Between one task's end and the next one's start on the same worker:
    # the walker's own time (signals, trace stamps, the next task's start).
    gaps = []
    runs = collections.defaultdict(list)
    for e in step:
        runs[(e["pid"], e["tid"])].append(e)
    for tasks in runs.values():
        tasks.sort(key=lambda e: e["ts"])
        gaps += [b["ts"] - (a["ts"] + a["dur"]) for a, b in zip(tasks, tasks[1:])]
    if gaps:
        gaps.sort()
        print("between tasks on a worker: %d gaps, median %.2f, p90 %.2f, total %.1f us"
              % (len(gaps), gaps[len(gaps) // 2], gaps[len(gaps) * 9 // 10], sum(gaps)))


main()
