"""Where a decode step's time goes along its critical path: reads an
artifact's schedule table (for each task's waits and signals) and a
tile-run --trace file, then walks back from the last task of the last step
to the first, each time to whatever held the task back: the latest-ending
task that signals one of its events (a cross-worker edge) or the task before
it on its worker. Prints the path's time split into task bodies, waits on
other workers (from the producer's end to the consumer's waits met: the
signal's latency) and the gaps a worker spends between its own tasks (the
walker's work). cuda traces stamp when each task's waits were met; host
traces do not (their waits count as gaps or edges).

Usage: critical_path.py ARTIFACT_DIR TRACE.json [--show N]"""
import argparse
import collections
import json
import os
import struct
import sys

# tilec/schedule_table.h, versions 3 and 4 (4 adds peer operands, same
# layout): the sizes this reader was written for.
HEADER = struct.Struct("<QIIQIIIIIIIIII")
PROGRAM_BYTES, WORKER_BYTES, EVENT_BYTES, TASK_BYTES = 40, 16, 16, 216
TASK_HEAD = struct.Struct("<10I")  # kind program worker order fw nw fs ns name body


def align8(x):
    return (x + 7) & ~7


def read_table(path):
    data = open(path, "rb").read()
    if len(data) < HEADER.size:
        sys.exit("%s: not a version-3/4 schedule table this reader knows (%d bytes)" % (path, len(data)))
    (magic, version, header_bytes, total, _checksum, task_bytes, programs, workers, tasks, events,
     waits, signals, strings_bytes, _kernel_key) = HEADER.unpack_from(data, 0)
    if magic != 0x4C4254434C454954 or version not in (3, 4) or header_bytes != HEADER.size \
            or task_bytes != TASK_BYTES or total != len(data):
        sys.exit("%s: not a version-3/4 schedule table this reader knows (version %d, header %d "
                 "bytes, tasks %d bytes, %d of %d bytes)"
                 % (path, version, header_bytes, task_bytes, len(data), total))
    at = align8(header_bytes)
    at = align8(at + programs * PROGRAM_BYTES)
    at = align8(at + workers * WORKER_BYTES)
    task_at = at
    at = align8(at + tasks * TASK_BYTES)
    at = align8(at + events * EVENT_BYTES)
    wait_at = at
    at = align8(at + waits * 4)
    signal_at = at
    at = align8(at + signals * 4)
    string_at = at
    wait_list = struct.unpack_from("<%dI" % waits, data, wait_at)
    signal_list = struct.unpack_from("<%dI" % signals, data, signal_at)
    out = []
    for t in range(tasks):
        (kind, program, worker, order, fw, nw, fs, ns, name, _r) = TASK_HEAD.unpack_from(
            data, task_at + t * TASK_BYTES)
        end = data.index(b"\0", string_at + name)
        out.append({"program": program, "worker": worker, "order": order,
                    "name": data[string_at + name:end].decode(),
                    "waits": wait_list[fw:fw + nw], "signals": signal_list[fs:fs + ns]})
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("artifact", help="the artifact directory the trace ran (its schedule.tbl)")
    parser.add_argument("trace", help="tile-run --trace output (Chrome trace JSON)")
    parser.add_argument("--show", type=int, default=12, help="longest bodies to list (12)")
    args = parser.parse_args()
    tasks = read_table(os.path.join(args.artifact, "schedule.tbl"))
    events = [e for e in json.load(open(args.trace))["traceEvents"] if e.get("ph") == "X"]
    if not events:
        sys.exit("%s: no task events" % args.trace)
    epoch = max(e["args"]["epoch"] for e in events)
    run = {}
    for e in events:
        if e["args"]["epoch"] == epoch:
            index = e["args"]["task"]
            if index >= len(tasks) or tasks[index]["name"] != e["name"]:
                sys.exit("%s: task %d (%s) is not task %d of %s: a trace of another artifact?"
                         % (args.trace, index, e["name"], index, args.artifact))
            begin = e["ts"]
            ready = begin + (e["args"].get("wait_us") or 0.0)
            run[index] = (begin, ready, begin + e["dur"], e["cat"])
    signallers = collections.defaultdict(list)
    previous = {}
    by_worker = collections.defaultdict(list)
    for i, t in enumerate(tasks):
        for ev in t["signals"]:
            signallers[ev].append(i)
        by_worker[(t["program"], t["worker"])].append((t["order"], i))
    for lst in by_worker.values():
        lst.sort()
        for (_, a), (_, b) in zip(lst, lst[1:]):
            previous[b] = a

    # Walk back from the task that ends last.
    task = max(run, key=lambda i: run[i][2])
    path, body, edge, gap, edges = [], 0.0, 0.0, 0.0, 0
    seen = set()
    while task is not None:
        if task in seen:
            sys.exit("%s: task %d comes twice on the path: the trace does not fit the table"
                     % (args.trace, task))
        seen.add(task)
        begin, ready, end, kind = run[task]
        path.append((task, kind))
        body += end - ready
        # Signallers on other workers (those on this one are ordered by the
        # worker's own order: the task before this one covers them).
        here = (tasks[task]["program"], tasks[task]["worker"])
        cross = [s for ev in tasks[task]["waits"] for s in signallers[ev]
                 if s in run and (tasks[s]["program"], tasks[s]["worker"]) != here]
        producer = max(cross, key=lambda s: run[s][2]) if cross else None
        local = previous.get(task)
        local = local if local in run else None
        if producer is not None and (local is None or run[producer][2] >= run[local][2]):
            edge += ready - run[producer][2]
            edges += 1
            task = producer
        elif local is not None:
            gap += ready - run[local][2]
            task = local
        else:
            task = None
    path.reverse()
    span = run[path[-1][0]][2] - run[path[0][0]][0]
    print("critical path of epoch %d: %d tasks, %.1f us from its first task's start to its last "
          "one's end" % (epoch, len(path), span))
    print("  path: " + " -> ".join(tasks[i]["name"] for i, _ in path[:args.show])
          + (" -> ..." if len(path) > args.show else ""))
    print("  task bodies         %10.1f us" % body)
    print("  cross-worker waits  %10.1f us over %d edges (%.2f us each)"
          % (edge, edges, edge / edges if edges else 0.0))
    print("  same-worker gaps    %10.1f us" % gap)
    kinds = collections.Counter(kind for _, kind in path)
    print("  tasks by kind: " + ", ".join("%s %d" % kv for kv in kinds.most_common()))
    longest = sorted(path, key=lambda p: -(run[p[0]][2] - run[p[0]][1]))[:args.show]
    print("  longest bodies: " + ", ".join("%s %.1f us" % (tasks[i]["name"], run[i][2] - run[i][1])
                                           for i, _ in longest))


main()
