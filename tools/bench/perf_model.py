"""A performance model of one decode step: replays an artifact's schedule
table (each worker's task order, each event's signals per step) with per-task
costs from the PTX emulator's profile of that artifact (TILEC_PTX_EMU_PROFILE,
tools/bench/latency-profile.sh) and a few constants of the card, and prints
the predicted time per token and what the critical path is made of.

A model, not a measurement: it guides work on machines without a GPU, and a
GPU figure always wins over it. Per task (a task runs the body function
`body_<kind>_b<N>` of its table record, or `body_<kind>` in kernels from
before per-artifact bodies):

  body   = max(round trips per thread x latency,
               bytes the task loads / (bandwidth / workers))
  walker = the walker's round trips per task x walker latency (its table
           reads, prefetches, waits' first polls: the kernel function's own
           trips, solved from the profile's per-thread maximum; they hit L2,
           so their latency is a constant of its own)
  a wait on another worker's signal is met `edge` after that signal; a step
  ends with a grid barrier (one more edge).

Round trips are the emulator's count in PTX order (an upper bound: ptxas may
overlap more); bytes are what the body's threads load from global memory.

Usage:
  perf_model.py ARTIFACT PROFILE [--latency-us L] [--walker-latency-us W]
                [--edge-us E] [--bandwidth-tbs B] [--show N]
  perf_model.py --calibrate CASES.json
      CASES.json: [{"artifact": DIR, "profile": FILE, "measured_ms": X,
                    "bandwidth_tbs": B, "label": TEXT}, ...] (paths relative
      to the file); fits the latencies and the edge to the measured figures
      (least squares on log time, coordinate descent) and prints each case's
      prediction beside its measurement.
"""
import argparse
import collections
import heapq
import json
import math
import os
import re
import signal
import struct
import sys

# tilec/schedule_table.h: versions 1 (before body indices) to 4 (peer
# operands) share this layout; a version-1 task's `body` field is reserved
# (zero).
HEADER = struct.Struct("<QIIQIIIIIIIIII")
PROGRAM_BYTES, WORKER_BYTES, EVENT_BYTES, TASK_BYTES = 40, 16, 16, 216
TASK_HEAD = struct.Struct("<10I")  # kind program worker order fw nw fs ns name body
EVENT = struct.Struct("<4I")       # program target scope name
MAGIC = 0x4C4254434C454954
# Kind codes (task_kinds.h) -> the device library's body function before
# bodies were specialized per artifact.
KIND_FUNCTION = {0: "nop", 1: "embed", 2: "rmsnorm", 3: "matvec", 4: "matvec_swiglu", 5: "rope",
                 6: "kv_store", 7: "attn_partial", 8: "attn_combine", 9: "ewise",
                 10: "ewise", 11: "argmax", 12: "rope_append", 13: "send"}
KERNEL_FUNCTION = "tilec_persistent_kernel"


def align8(x):
    return (x + 7) & ~7


def fail(message):
    sys.exit("perf_model: " + message)


def read_table(path):
    """The table's tasks (kind, worker, order, body, name, waits, signals)
    and each event's signals per step."""
    try:
        data = open(path, "rb").read()
    except OSError as e:
        fail("%s: %s" % (path, e.strerror))
    if len(data) < HEADER.size:
        fail("%s: too short for a schedule table (%d bytes)" % (path, len(data)))
    (magic, version, header_bytes, total, _checksum, task_bytes, programs, workers, tasks,
     events, waits, signals, _strings, _key) = HEADER.unpack_from(data, 0)
    if magic != MAGIC or version not in (1, 2, 3, 4) or header_bytes != HEADER.size \
            or task_bytes != TASK_BYTES or total != len(data):
        fail("%s: not a schedule table of versions 1-4 this reader knows (version %d, "
             "%d-byte tasks, %d of %d bytes)" % (path, version, task_bytes, len(data), total))
    at = align8(header_bytes)
    at = align8(at + programs * PROGRAM_BYTES)
    at = align8(at + workers * WORKER_BYTES)
    task_at = at
    at = align8(at + tasks * TASK_BYTES)
    event_at = at
    at = align8(at + events * EVENT_BYTES)
    wait_list = struct.unpack_from("<%dI" % waits, data, at)
    at = align8(at + waits * 4)
    signal_list = struct.unpack_from("<%dI" % signals, data, at)
    string_at = align8(at + signals * 4)
    targets = [EVENT.unpack_from(data, event_at + e * EVENT_BYTES)[1] for e in range(events)]
    out = []
    for t in range(tasks):
        kind, program, worker, order, fw, nw, fs, ns, name, body = TASK_HEAD.unpack_from(
            data, task_at + t * TASK_BYTES)
        end = data.index(b"\0", string_at + name)
        out.append({"kind": kind, "worker": (program, worker), "order": order, "body": body,
                    "name": data[string_at + name:end].decode(),
                    "waits": wait_list[fw:fw + nw], "signals": signal_list[fs:fs + ns]})
    return out, targets, task_at


def read_profile(path):
    """The profile's functions (name -> thread-calls, trips/call, max trips,
    bytes/call), its per-task section ((function, first argument) -> calls,
    trips/call, bytes/call), and the launch's first argument (the table's
    device address; 0 if the profile predates the per-task section)."""
    functions, per_task, table_address = {}, {}, 0
    try:
        lines = open(path).read().splitlines()
    except OSError as e:
        fail("%s: %s" % (path, e.strerror))
    section = "functions"
    for line in lines:
        if line.startswith("# round trips by where"):
            section = "sites"
        elif line.startswith("# per task"):
            section = "tasks"
            m = re.search(r"the table\): (0x[0-9a-f]+|0)", line)
            table_address = int(m.group(1), 16) if m else 0
        if line.startswith("#") or not line.strip():
            continue
        fields = line.split()
        try:
            if section == "functions" and len(fields) == 8 and fields[0] != "function":
                functions[fields[0]] = (int(fields[1]), float(fields[3]), int(fields[4]),
                                        float(fields[7]))
            elif section == "tasks" and len(fields) == 5 and fields[0] != "function":
                per_task[(fields[0], int(fields[1], 16))] = (int(fields[2]), float(fields[3]),
                                                             float(fields[4]))
        except ValueError:
            fail("%s: cannot read the profile line %r" % (path, line))
    if KERNEL_FUNCTION not in functions:
        fail("%s: no %s in the profile: not a TILEC_PTX_EMU_PROFILE of one tilec step"
             % (path, KERNEL_FUNCTION))
    return functions, per_task, table_address


def body_functions(tasks, functions):
    """Each task's body function: `body_<kind>_b<N>` by its body index where
    the kernel has per-artifact bodies, else the kind's generic body."""
    by_body = {}
    for name in functions:
        m = re.fullmatch(r"body_\w+_b(\d+)", name)
        if m:
            by_body[int(m.group(1))] = name
    out = []
    for t in tasks:
        if by_body:
            out.append(by_body.get(t["body"]))
        else:
            generic = "body_%s" % KIND_FUNCTION.get(t["kind"], "?")
            out.append(generic if generic in functions else None)
    return out


class Costs:
    """Per-task round trips and bytes: the task's own calls where the profile
    has them by task record (ptx-emu's per-task section), else the mean of
    its body function."""

    def __init__(self, tasks, task_at, profile):
        functions, per_task, table_address = profile
        self.function = body_functions(tasks, functions)
        count = collections.Counter(f for f in self.function if f)
        record = {table_address + task_at + i * TASK_BYTES: i for i in range(len(tasks))}
        own = {}
        for (f, argument), cost in per_task.items():
            i = record.get(argument) if table_address else None
            if i is not None and self.function[i] == f:
                own[i] = cost
        self.by_task = len(own)
        self.trips, self.bytes = [], []
        self.missing = collections.Counter()
        for i, (t, f) in enumerate(zip(tasks, self.function)):
            if f is None:
                self.missing[KIND_FUNCTION.get(t["kind"], str(t["kind"]))] += 1
                self.trips.append(0.0)
                self.bytes.append(0.0)
            elif i in own:
                calls, trips, per_call = own[i]
                self.trips.append(trips)
                self.bytes.append(per_call * calls)
            else:
                calls, trips, _max, per_call = functions[f]
                threads = calls / count[f]  # threads of one task's CTA (one step profiled)
                self.trips.append(trips)
                self.bytes.append(per_call * threads)
        # The walker: thread 0's trips in the kernel function beyond its
        # bodies. The per-thread maximum is some worker's thread 0; with the
        # same walker cost w per task, max over workers of (w n + bodies)
        # equals it: solve for w.
        per_worker = collections.defaultdict(lambda: [0, 0.0])
        for i, t in enumerate(tasks):
            per_worker[t["worker"]][0] += 1
            per_worker[t["worker"]][1] += self.trips[i]
        top = functions[KERNEL_FUNCTION][2]
        lo, hi = 0.0, float(top)
        for _ in range(60):
            w = (lo + hi) / 2
            if max(n * w + s for n, s in per_worker.values()) > top:
                hi = w
            else:
                lo = w
        self.walker_trips = lo


def replay(tasks, targets, costs, latency_us, walker_latency_us, edge_us, bandwidth_tbs):
    """One step: each worker runs its tasks in order; a task starts when its
    worker is free and each waited event has all its signals of the step (met
    `edge` after the last one when it came from another worker)."""
    workers = sorted({t["worker"] for t in tasks})
    per_worker_bw = bandwidth_tbs * 1e12 / len(workers)  # bytes/s while all stream
    order = collections.defaultdict(list)
    for i, t in enumerate(tasks):
        order[t["worker"]].append((t["order"], i))
    queues = {w: [i for _, i in sorted(order[w])] for w in workers}
    signalled = collections.Counter()
    last_signal = {}  # event -> (time of its last signal, worker)
    free = {w: 0.0 for w in workers}
    start, end, held = {}, {}, {}
    body = [max(costs.trips[i] * latency_us,
                costs.bytes[i] / per_worker_bw * 1e6) for i in range(len(tasks))]
    walker = costs.walker_trips * walker_latency_us
    waiting = collections.defaultdict(list)  # event -> workers blocked on it
    ready = [(0.0, w) for w in workers]
    heapq.heapify(ready)
    done = 0
    while ready:
        now, w = heapq.heappop(ready)
        while queues[w]:
            i = queues[w][0]
            blocked = [e for e in tasks[i]["waits"] if signalled[e] < targets[e]]
            if blocked:
                waiting[blocked[0]].append(w)
                break
            queues[w].pop(0)
            t0 = free[w]
            held[i] = None
            for e in tasks[i]["waits"]:
                when, by = last_signal.get(e, (0.0, w))
                met = when + (edge_us if by != w else 0.0)
                if met > t0:
                    t0, held[i] = met, (e, by)
            start[i] = t0
            end[i] = t0 + walker + body[i]
            free[w] = end[i]
            done += 1
            for e in tasks[i]["signals"]:
                signalled[e] += 1
                if e not in last_signal or last_signal[e][0] <= end[i]:
                    last_signal[e] = (end[i], w)
                if signalled[e] >= targets[e]:
                    for v in waiting.pop(e, []):
                        heapq.heappush(ready, (free[v], v))
    if done != len(tasks):
        stuck = [tasks[q[0]]["name"] for q in queues.values() if q][:5]
        fail("the replay deadlocked (%d of %d tasks ran; stuck at %s): a table whose "
             "waits cannot all be met" % (done, len(tasks), ", ".join(stuck)))
    return start, end, held, body, walker


def critical_path(tasks, end, held, body, walker, edge_us):
    """Walks back from the last task to end: to the producer whose signal
    released it, or to the task before it on its worker."""
    previous = {}
    by_worker = collections.defaultdict(list)
    for i, t in enumerate(tasks):
        by_worker[t["worker"]].append((t["order"], i))
    for lst in by_worker.values():
        lst.sort()
        for (_, a), (_, b) in zip(lst, lst[1:]):
            previous[b] = a
    signaller = collections.defaultdict(list)
    for i, t in enumerate(tasks):
        for e in t["signals"]:
            signaller[e].append(i)
    parts = collections.Counter()
    kinds = collections.Counter()
    i = max(end, key=lambda k: end[k])
    path = 0
    while i is not None:
        path += 1
        kind = KIND_FUNCTION.get(tasks[i]["kind"], str(tasks[i]["kind"]))
        parts["walker"] += walker
        parts["body " + kind] += body[i]
        kinds[kind] += 1
        if held[i] is not None:
            e, by = held[i]
            parts["edges"] += edge_us
            i = max((s for s in signaller[e] if tasks[s]["worker"] == by),
                    key=lambda s: end[s])
        else:
            i = previous.get(i)
    return parts, kinds, path


def predict(artifact, profile, latency_us, walker_latency_us, edge_us, bandwidth_tbs):
    tasks, targets, task_at = read_table(os.path.join(artifact, "schedule.tbl"))
    costs = Costs(tasks, task_at, read_profile(profile))
    start, end, held, body, walker = replay(tasks, targets, costs, latency_us,
                                            walker_latency_us, edge_us, bandwidth_tbs)
    step_us = max(end.values()) + edge_us  # the grid barrier between steps
    return tasks, costs, (start, end, held, body, walker), step_us


def report(artifact, profile, args):
    tasks, costs, run, step_us = predict(artifact, profile, args.latency_us,
                                         args.walker_latency_us, args.edge_us,
                                         args.bandwidth_tbs)
    start, end, held, body, walker = run
    workers = len({t["worker"] for t in tasks})
    total_bytes = sum(costs.bytes)
    floor_us = total_bytes / (args.bandwidth_tbs * 1e12) * 1e6
    print("predicted: %.3f ms/token (%d tasks on %d workers; latency %.2f us, walker "
          "latency %.2f us, edge %.2f us, %.2f TB/s)"
          % (step_us / 1000, len(tasks), workers, args.latency_us, args.walker_latency_us,
             args.edge_us, args.bandwidth_tbs))
    print("  bytes loaded per step %.3f GB: floor %.3f ms, predicted/floor %.2f"
          % (total_bytes / 1e9, floor_us / 1000, step_us / floor_us if floor_us else 0))
    print("  walker: %.1f round trips per task (%.2f us); %d of %d tasks costed by their own "
          "calls, the rest by their body's mean" % (costs.walker_trips, walker, costs.by_task,
                                                    len(tasks)))
    if costs.missing:
        print("  no body in the profile (walker cost only): " + ", ".join(
            "%s x%d" % kv for kv in costs.missing.most_common()))
    parts, kinds, length = critical_path(tasks, end, held, body, walker, args.edge_us)
    print("  critical path: %d tasks (%s)" % (length, ", ".join(
        "%s %d" % kv for kv in kinds.most_common())))
    for name, us in sorted(parts.items(), key=lambda kv: -kv[1])[:args.show]:
        print("    %-24s %9.1f us  %5.1f%%" % (name, us, 100 * us / step_us))
    bound = collections.Counter()
    for i in range(len(tasks)):
        lat = costs.trips[i] * args.latency_us
        bound["latency" if lat >= body[i] else "bandwidth"] += 1
    print("  task bodies bound by: " + ", ".join("%s %d" % kv for kv in bound.most_common()))


def calibrate(path):
    try:
        cases = json.load(open(path))
    except (OSError, ValueError) as e:
        fail("%s: %s" % (path, e))
    base = os.path.dirname(os.path.abspath(path))
    loaded = []
    for c in cases:
        artifact = os.path.join(base, c["artifact"])
        profile = os.path.join(base, c["profile"])
        tasks, targets, task_at = read_table(os.path.join(artifact, "schedule.tbl"))
        loaded.append((c, tasks, targets, Costs(tasks, task_at, read_profile(profile))))

    def predictions(p):
        out = []
        for c, tasks, targets, costs in loaded:
            _s, end, _h, _b, _w = replay(tasks, targets, costs, p["latency"], p["walker"],
                                         p["edge"], c["bandwidth_tbs"])
            out.append((max(end.values()) + p["edge"]) / 1000)
        return out

    def error(p):
        return sum(math.log(x / c["measured_ms"]) ** 2
                   for x, (c, *_rest) in zip(predictions(p), loaded))

    # Coordinate descent over a grid per constant: the step time is
    # monotonic in each, so a few rounds settle.
    grids = {"latency": [0.05 * k for k in range(1, 41)],     # 0.05 .. 2.0 us
             "walker": [0.025 * k for k in range(1, 61)],     # 0.025 .. 1.5 us
             "edge": [0.1 * k for k in range(1, 31)]}         # 0.1 .. 3.0 us
    best = {"latency": 0.7, "walker": 0.3, "edge": 1.0}
    best_error = error(best)
    for _round in range(4):
        moved = False
        for name, grid in grids.items():
            for value in grid:
                trial = dict(best, **{name: value})
                e = error(trial)
                if e < best_error - 1e-12:
                    best, best_error, moved = trial, e, True
        if not moved:
            break
    print("calibrated on %d figures: latency %.2f us, walker latency %.3f us, edge %.2f us "
          "(rms log error %.3f)" % (len(loaded), best["latency"], best["walker"], best["edge"],
                                    math.sqrt(best_error / len(loaded))))
    print("%-44s %10s %10s %7s" % ("case", "measured", "predicted", "error"))
    for x, (c, *_rest) in zip(predictions(best), loaded):
        print("%-44s %8.2f ms %8.2f ms %+6.0f%%" % (c.get("label", c["artifact"]),
                                                  c["measured_ms"], x,
                                                  100 * (x / c["measured_ms"] - 1)))


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends it quietly
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("artifact", nargs="?", help="artifact directory (its schedule.tbl)")
    parser.add_argument("profile", nargs="?", help="TILEC_PTX_EMU_PROFILE of one step of it")
    parser.add_argument("--latency-us", type=float, default=0.7,
                        help="a global load's round trip under load (0.7)")
    parser.add_argument("--walker-latency-us", type=float, default=0.3,
                        help="a walker's table or counter read (an L2 hit) (0.3)")
    parser.add_argument("--edge-us", type=float, default=1.0,
                        help="from a signal to the waiter on another worker leaving its "
                             "wait (1.0)")
    parser.add_argument("--bandwidth-tbs", type=float, default=3.0,
                        help="streaming read bandwidth of the card (3.0: an H100's "
                             "measured GEMV read; 4.0 on an H200)")
    parser.add_argument("--show", type=int, default=10, help="critical-path parts listed (10)")
    parser.add_argument("--calibrate", metavar="CASES.json",
                        help="fit the latencies and the edge to measured figures")
    args = parser.parse_args()
    if args.calibrate:
        calibrate(args.calibrate)
    elif args.artifact and args.profile:
        report(args.artifact, args.profile, args)
    else:
        parser.error("give ARTIFACT PROFILE, or --calibrate CASES.json")


if __name__ == "__main__":
    main()
