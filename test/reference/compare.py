#!/usr/bin/env python3
"""compare.py ACTUAL.bin EXPECTED.bin [--atol A] [--rtol R]: raw f32 files.
Prints the max abs error; exits 1 if any |a - e| > atol + rtol * |e|."""
import argparse
import sys

import numpy as np

parser = argparse.ArgumentParser()
parser.add_argument("actual")
parser.add_argument("expected")
parser.add_argument("--atol", type=float, default=1e-4)
parser.add_argument("--rtol", type=float, default=1e-4)
args = parser.parse_args()
a = np.fromfile(args.actual, dtype=np.float32)
e = np.fromfile(args.expected, dtype=np.float32)
if a.shape != e.shape:
    sys.exit(f"size mismatch: {a.size} vs {e.size} values")
err = np.abs(a.astype(np.float64) - e)
bad = err > args.atol + args.rtol * np.abs(e)
print(f"max abs error {err.max():.3g} over {a.size} values, {int(bad.sum())} out of tolerance")
sys.exit(1 if bad.any() else 0)
