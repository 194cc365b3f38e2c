"""Reads a schedule table (runtime/include/tilec/schedule_table.h) and reports
the events that cross devices: signaled by a task of another program (a
send), with the scope of each such signal and of each wait on them.
Prints "N cross-device signals (scopes: ...); M waits on them (scopes: ...)".
Usage: cross_events.py schedule.tbl"""
import struct
import sys

HEADER = struct.Struct("<QIIQIIIIIIIIII")
PROGRAM_BYTES, WORKER_BYTES, EVENT_BYTES = 40, 16, 16
TASK_HEAD = struct.Struct("<10I")  # kind program worker order fw nw fs ns name body
EVENT = struct.Struct("<4I")       # program target scope name
SCOPES = {0: "cta", 1: "cluster", 2: "gpu", 3: "sys"}


def align8(n):
    return (n + 7) & ~7


data = open(sys.argv[1], "rb").read()
(_, _, header_bytes, total, _, task_bytes, programs, workers, tasks, events, waits, signals,
 strings, _) = HEADER.unpack_from(data, 0)
assert total == len(data), "total_bytes differs from the file size"
at = align8(align8(header_bytes) + programs * PROGRAM_BYTES + workers * WORKER_BYTES)
task_at = at
at = align8(at + tasks * task_bytes)
event_list = [EVENT.unpack_from(data, at + i * EVENT_BYTES) for i in range(events)]
at = align8(at + events * EVENT_BYTES)
wait_list = struct.unpack_from("<%dI" % waits, data, at)
at = align8(at + waits * 4)
signal_list = struct.unpack_from("<%dI" % signals, data, at)
cross = set()
signal_scopes = []
for t in range(tasks):
    _, program, _, _, fw, nw, fs, ns, _, _ = TASK_HEAD.unpack_from(data, task_at + t * task_bytes)
    for e in signal_list[fs:fs + ns]:
        if event_list[e][0] != program:
            cross.add(e)
            signal_scopes.append(SCOPES[event_list[e][2]])
wait_scopes = []
for t in range(tasks):
    _, program, _, _, fw, nw, fs, ns, _, _ = TASK_HEAD.unpack_from(data, task_at + t * task_bytes)
    for e in wait_list[fw:fw + nw]:
        if e in cross:
            wait_scopes.append(SCOPES[event_list[e][2]])
print("%d cross-device signals (scopes: %s); %d waits on them (scopes: %s)"
      % (len(signal_scopes), ",".join(sorted(set(signal_scopes))), len(wait_scopes),
         ",".join(sorted(set(wait_scopes)))))
