#!/usr/bin/env python3
"""check_golden.py GOLDEN.json GENERATED_LINE LOGITS.bin [--atol A] [--teacher-forced]

Compares a tile-run decode against transformers' golden outputs:
  - greedy mode: the generated ids must equal the golden ids exactly;
  - --teacher-forced (tile-run was fed the golden ids with --force-ids): ids
    must agree wherever the golden top-2 margin exceeds 2 * atol;
and the logits of the first golden positions must be within atol.
Prints the max abs logit error; exits 1 on any mismatch."""
import argparse
import json
import sys

import numpy as np

parser = argparse.ArgumentParser()
parser.add_argument("golden")
parser.add_argument("generated", help="tile-run's 'generated: a,b,...' line")
parser.add_argument("logits")
parser.add_argument("--atol", type=float, default=1e-4)
parser.add_argument("--teacher-forced", action="store_true")
args = parser.parse_args()

golden = json.load(open(args.golden))
ids = [int(x) for x in args.generated.split(":", 1)[1].split(",")]
want = golden["generated"]
expected = np.array(golden["logits"], dtype=np.float64)
steps, vocab = expected.shape
actual = np.fromfile(args.logits, dtype=np.float32).reshape(-1, vocab)[:steps]
err = np.abs(actual - expected).max(axis=1)
problems = []
if len(ids) != len(want):
    problems.append(f"{len(ids)} ids generated, golden has {len(want)}")
for i, (got, ref) in enumerate(zip(ids, want)):
    margin = golden["top2_margin"][i] if i < steps else None
    decisive = not args.teacher_forced or (margin is not None and margin > 2 * args.atol)
    if got != ref and decisive:
        problems.append(f"token {i}: {got}, golden {ref}")
for i in np.nonzero(err > args.atol)[0]:
    problems.append(f"logits of token {i}: max abs error {err[i]:.3g} > {args.atol}")
print(f"{len(ids)} ids, {'teacher-forced' if args.teacher_forced else 'greedy'}: "
      f"max abs logit error {err.max():.3g} over {steps} positions, "
      f"{len(problems)} problems")
for p in problems[:10]:
    print("  " + p)
sys.exit(1 if problems else 0)
