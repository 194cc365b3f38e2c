#!/usr/bin/env python3
"""Helpers of tools/gpu-check.sh; the standard library only (no numpy).

  gpu_check_compare.py outputs ARTIFACT_DIR
      prints 'ADDRESS DTYPE' for every output buffer of the manifest
      (ADDRESS is 'name', or 'program/name' with several programs)
  gpu_check_compare.py buffers ARTIFACT_DIR DIR_A DIR_B ATOL RTOL
      compares DIR_A/<address>.bin with DIR_B/<address>.bin for every output
      buffer ('/' in an address becomes '__'): integers exactly, floats with
      |a - b| <= atol + rtol * |b|; ATOL = RTOL = 0 asks for identical bits
  gpu_check_compare.py decode IDS_A IDS_B LOGITS_A LOGITS_B ATOL RTOL [--ids-may-differ]
      two tile-run decodes: the 'generated:' lines must be equal (unless
      --ids-may-differ: bf16 argmax near-ties), the f32 logits files within
      tolerance
Each comparison prints one line per item and exits 1 if any is out of
tolerance.
"""
import json
import math
import os
import struct
import sys

SIZES = {"f32": 4, "bf16": 2, "f16": 2, "i32": 4, "i8": 1}


def output_buffers(artifact):
    manifest = json.load(open(os.path.join(artifact, "manifest.json")))
    programs = manifest["programs"]
    for p in programs:
        for b in p["buffers"]:
            if b["kind"] == "output":
                address = b["name"] if len(programs) == 1 else p["name"] + "/" + b["name"]
                yield address, b["dtype"], b["shape"]


def values(raw, dtype):
    n = len(raw) // SIZES[dtype]
    if dtype == "f32":
        return list(struct.unpack("<%df" % n, raw))
    if dtype == "f16":
        return list(struct.unpack("<%de" % n, raw))
    if dtype == "bf16":
        return [struct.unpack("<f", struct.pack("<I", h << 16))[0]
                for h in struct.unpack("<%dH" % n, raw)]
    if dtype == "i32":
        return list(struct.unpack("<%di" % n, raw))
    return list(struct.unpack("<%db" % n, raw))


def compare(a_raw, b_raw, dtype, atol, rtol):
    """Returns (count, max abs diff, out of tolerance, identical bits)."""
    if len(a_raw) != len(b_raw):
        return 0, math.inf, 1, False
    a, b = values(a_raw, dtype), values(b_raw, dtype)
    identical = a_raw == b_raw
    worst, bad = 0.0, 0
    for x, y in zip(a, b):
        if isinstance(x, int) or (atol == 0 and rtol == 0):
            same = x == y or (x != x and y != y)
            bad += 0 if same else 1
            if not same:
                worst = max(worst, abs(x - y) if x == x and y == y else math.inf)
            continue
        if x != x or y != y:
            if not (x != x and y != y):
                bad += 1
                worst = math.inf
            continue
        d = abs(x - y)
        worst = max(worst, d)
        if d > atol + rtol * abs(y):
            bad += 1
    return len(a), worst, bad, identical


def cmd_buffers(artifact, dir_a, dir_b, atol, rtol):
    failed = False
    for address, dtype, shape in output_buffers(artifact):
        name = address.replace("/", "__") + ".bin"
        try:
            a_raw = open(os.path.join(dir_a, name), "rb").read()
            b_raw = open(os.path.join(dir_b, name), "rb").read()
        except OSError as e:
            print(f"{address}: {e}")
            failed = True
            continue
        n, worst, bad, identical = compare(a_raw, b_raw, dtype, atol, rtol)
        print(f"{address} {dtype} {shape}: max abs diff {worst:.3g}, {bad} of {n} out of "
              f"tolerance (atol {atol:g}, rtol {rtol:g}), identical bits: "
              f"{'yes' if identical else 'no'}")
        failed |= bad > 0
    return 1 if failed else 0


def cmd_decode(ids_a, ids_b, logits_a, logits_b, atol, rtol, ids_may_differ):
    line = lambda path: next((l.strip() for l in open(path) if l.startswith("generated:")), "")
    a, b = line(ids_a), line(ids_b)
    same_ids = a == b and a != ""
    print(f"generated ids: {'equal' if same_ids else 'DIFFERENT'} ({len(a.split(','))} ids)")
    if not same_ids:
        print(f"  {ids_a}: {a}\n  {ids_b}: {b}")
    n, worst, bad, identical = compare(open(logits_a, "rb").read(), open(logits_b, "rb").read(),
                                       "f32", atol, rtol)
    print(f"logits: max abs diff {worst:.3g}, {bad} of {n} out of tolerance (atol {atol:g}, "
          f"rtol {rtol:g}), identical bits: {'yes' if identical else 'no'}")
    return 0 if (same_ids or ids_may_differ) and bad == 0 else 1


def main(argv):
    if len(argv) >= 2 and argv[0] == "outputs":
        for address, dtype, _ in output_buffers(argv[1]):
            print(address, dtype)
        return 0
    if len(argv) == 6 and argv[0] == "buffers":
        return cmd_buffers(argv[1], argv[2], argv[3], float(argv[4]), float(argv[5]))
    if len(argv) in (7, 8) and argv[0] == "decode":
        if len(argv) == 8 and argv[7] != "--ids-may-differ":
            sys.stderr.write(__doc__)
            return 2
        return cmd_decode(*argv[1:5], float(argv[5]), float(argv[6]), len(argv) == 8)
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
