#!/usr/bin/env python3
"""Independent numpy reference for the bundled example blocks.

  blocks.py mlp OUT_DIR [--seed S]
  blocks.py attention OUT_DIR [--seed S] [--steps N]
  blocks.py allreduce OUT_DIR [--seed S]

Writes OUT_DIR/weights.safetensors (random bf16 weights under the names the
examples' tile.weight attributes give), OUT_DIR/h.bin (the f32 input) and
OUT_DIR/expected.bin (the f32 output after the last step), computed here in
float64 with whole-tensor math: nothing of tilec's tiling is shared.
`allreduce` is examples/two_devices.mlir: W x with W's and x's columns split
over two devices (x0.bin, x1.bin the halves of x).
"""
import argparse
import os

import numpy as np

import safetensors_io as st

HIDDEN, INTER, EPS = 64, 176, 1e-5
HEADS, KV_HEADS, HEAD_DIM, MAX_SEQ, THETA = 4, 2, 16, 16, 1e4


def rmsnorm(x, w):
    return x / np.sqrt(np.mean(x * x) + EPS) * w


def silu(x):
    return x / (1 + np.exp(-x))


def rope(x, pos, heads):
    """Rotate-half RoPE of each head, as Hugging Face Llama does it."""
    x = x.reshape(heads, HEAD_DIM)
    inv_freq = THETA ** (-np.arange(0, HEAD_DIM, 2) / HEAD_DIM)
    angle = np.concatenate([pos * inv_freq, pos * inv_freq])
    half = HEAD_DIM // 2
    rotated = np.concatenate([-x[:, half:], x[:, :half]], axis=1)
    return (x * np.cos(angle) + rotated * np.sin(angle)).reshape(-1)


class Weights:
    """Random bf16 weights; the math uses their exact bf16 values."""

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.tensors = {}

    def matrix(self, name, rows, cols):
        w = st.bf16_round(self.rng.uniform(-1, 1, (rows, cols)) / np.sqrt(cols))
        self.tensors[name] = ("BF16", w)
        return w.astype(np.float64)

    def norm(self, name, size):
        w = st.bf16_round(1 + 0.1 * self.rng.standard_normal(size))
        self.tensors[name] = ("BF16", w)
        return w.astype(np.float64)


def mlp(weights, h):
    n = rmsnorm(h, weights.norm("mlp.norm.weight", HIDDEN))
    gate = weights.matrix("mlp.gate_proj.weight", INTER, HIDDEN) @ n
    up = weights.matrix("mlp.up_proj.weight", INTER, HIDDEN) @ n
    return h + weights.matrix("mlp.down_proj.weight", HIDDEN, INTER) @ (silu(gate) * up)


def attention(weights, h, steps):
    norm = weights.norm("attn.norm.weight", HIDDEN)
    wq = weights.matrix("attn.q_proj.weight", HEADS * HEAD_DIM, HIDDEN)
    wk = weights.matrix("attn.k_proj.weight", KV_HEADS * HEAD_DIM, HIDDEN)
    wv = weights.matrix("attn.v_proj.weight", KV_HEADS * HEAD_DIM, HIDDEN)
    wo = weights.matrix("attn.o_proj.weight", HIDDEN, HEADS * HEAD_DIM)
    keys, values = [], []
    for pos in range(steps):
        n = rmsnorm(h, norm)
        q = rope(wq @ n, pos, HEADS).reshape(HEADS, HEAD_DIM)
        keys.append(rope(wk @ n, pos, KV_HEADS).reshape(KV_HEADS, HEAD_DIM))
        values.append((wv @ n).reshape(KV_HEADS, HEAD_DIM))
        k, v = np.stack(keys), np.stack(values)        # [pos + 1, kv, dim]
        out = np.empty((HEADS, HEAD_DIM))
        for head in range(HEADS):
            g = head // (HEADS // KV_HEADS)
            scores = k[:, g, :] @ q[head] / np.sqrt(HEAD_DIM)
            p = np.exp(scores - scores.max())
            out[head] = (p / p.sum()) @ v[:, g, :]
        result = h + wo @ out.reshape(-1)
    return result


def allreduce(weights, x):
    lo = weights.matrix("proj.lo.weight", HIDDEN, HIDDEN // 2)
    hi = weights.matrix("proj.hi.weight", HIDDEN, HIDDEN // 2)
    return np.concatenate([lo, hi], axis=1) @ x


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("block", choices=["mlp", "attention", "allreduce"])
    parser.add_argument("out_dir")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--steps", type=int, default=1)
    args = parser.parse_args()
    if not 1 <= args.steps <= MAX_SEQ:
        parser.error(f"--steps must be in [1, {MAX_SEQ}]")
    os.makedirs(args.out_dir, exist_ok=True)
    weights = Weights(args.seed)
    h = weights.rng.standard_normal(HIDDEN).astype(np.float32)
    x = h.astype(np.float64)
    if args.block == "allreduce":
        expected = allreduce(weights, x)
        h[: HIDDEN // 2].tofile(os.path.join(args.out_dir, "x0.bin"))
        h[HIDDEN // 2 :].tofile(os.path.join(args.out_dir, "x1.bin"))
    else:
        expected = mlp(weights, x) if args.block == "mlp" else attention(weights, x, args.steps)
    st.write(os.path.join(args.out_dir, "weights.safetensors"), weights.tensors)
    h.tofile(os.path.join(args.out_dir, "h.bin"))
    expected.astype(np.float32).tofile(os.path.join(args.out_dir, "expected.bin"))


if __name__ == "__main__":
    main()
