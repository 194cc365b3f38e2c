"""Prints each task of a schedule table (runtime/include/tilec/schedule_table.h)
as its kind code and the flags of its present operands, e.g.
"task 3 kind 3 flags 1,0,0,-,-,-" ('-': no operand). The section sizes it
assumes are checked against the file size, so a layout change fails loudly.
Usage: operand_flags.py schedule.tbl
       operand_flags.py schedule.tbl --set TASK OPERAND FLAGS OUT
(the second writes a copy with one operand's flags replaced and the checksum
recomputed, so that only the reader's other checks can object)"""
import struct
import sys

PROGRAM_BYTES, WORKER_BYTES, EVENT_BYTES = 40, 16, 16  # sizeof(tilec_program/worker/event)
NO_OPERAND = 0xFFFFFFFFFFFFFFFF


def align8(n):
    return (n + 7) & ~7


data = open(sys.argv[1], "rb").read()
(magic, version, header_bytes, total_bytes, checksum, task_bytes, programs, workers, tasks,
 events, waits, signals, strings, _) = struct.unpack_from("<QIIQIIIIIIIIII", data, 0)
assert total_bytes == len(data), "total_bytes differs from the file size"
tasks_at = align8(align8(header_bytes) + programs * PROGRAM_BYTES + workers * WORKER_BYTES)
end = align8(tasks_at + tasks * task_bytes)
end = align8(end + events * EVENT_BYTES)
end = align8(end + waits * 4)
end = align8(end + signals * 4)
end = align8(end + strings)
assert end == len(data), "section sizes do not add up: the assumed record sizes are stale"
if len(sys.argv) == 7 and sys.argv[2] == "--set":
    task, operand, flags = (int(v, 0) for v in sys.argv[3:6])
    edited = bytearray(data)
    struct.pack_into("<I", edited, tasks_at + task * task_bytes + 40 + 16 * operand + 12, flags)
    h = 2166136261
    for byte in edited[header_bytes:]:
        h = ((h ^ byte) * 16777619) & 0xFFFFFFFF
    struct.pack_into("<I", edited, 24, h)
    open(sys.argv[6], "wb").write(edited)
    sys.exit(0)
for i in range(tasks):
    base = tasks_at + i * task_bytes
    kind = struct.unpack_from("<I", data, base)[0]
    flags = []
    for k in range(6):
        offset, _, f = struct.unpack_from("<QII", data, base + 40 + 16 * k)
        flags.append("-" if offset == NO_OPERAND else str(f))
    print("task %d kind %d flags %s" % (i, kind, ",".join(flags)))
