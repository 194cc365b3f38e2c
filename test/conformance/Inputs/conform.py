#!/usr/bin/env python3
"""Per-kind device conformance: one-task artifacts, cuda backend vs host body.

  conform.py KIND [--work DIR] [--only NAME] [--target sm_80] [--ptxas PATH]

For every case of KIND (the table CASES below: task kinds x dtypes x shape
classes, odd ones included: columns not a multiple of 8, one row, fewer rows
than the kernel has warps, tiles that start mid-buffer), the script writes a
one-task tile program, compiles it with `tilec`, fills *every* non-weight
buffer with seeded random values (outputs too, so a body writing outside its
range shows up), runs one step with `tile-run --backend host` and with
`--backend cuda` (the GPU, or the PTX emulator lit points TILEC_CUDA_DRIVER
at), matvec kinds a second time with the weight ring, and compares every
non-weight buffer afterwards. Prints `PASS kind/dtype/case (max err E)` per
case, or `FAIL ...` with the worst elements, and exits 1 if any failed.

With --ptxas, each case is only compiled and its kernel assembled (no
spills allowed): test/Target/ptxas-conformance.test.

tilec and tile-run are taken from PATH (lit puts the build's bin/ there).
"""
import argparse
import dataclasses
import os
import shutil
import subprocess
import sys
import zlib

import numpy as np

DTYPES = {"f32": np.float32, "bf16": np.uint16, "f16": np.float16, "i32": np.int32}
# Tolerance of a device value against the host's, relative to the largest
# host value of the buffer: the bodies sum in different orders, and a bf16 or
# f16 result may round to the neighbouring value.
RTOL = {"f32": 2e-5, "bf16": 8e-3, "f16": 1e-3, "i32": 0}


def to_bits(values, dtype):
    """float64 values -> raw array of dtype (bf16 rounded to nearest even)."""
    if dtype == "bf16":
        bits = values.astype(np.float32).view(np.uint32)
        bits = bits + 0x7FFF + ((bits >> 16) & 1)
        return (bits >> 16).astype(np.uint16)
    return values.astype(DTYPES[dtype])


def from_bits(raw, dtype):
    if dtype == "bf16":
        return (raw.astype(np.uint32) << 16).view(np.float32).astype(np.float64)
    return raw.astype(np.float64)


@dataclasses.dataclass
class Buffer:
    name: str
    kind: str
    shape: tuple
    dtype: str
    values: object = None  # explicit contents (list) instead of random ones

    @property
    def type(self):
        return "memref<" + "x".join(str(d) for d in self.shape) + "x" + self.dtype + ">"

    @property
    def count(self):
        return int(np.prod(self.shape))


class Program:
    """A one-worker tile program under construction."""

    def __init__(self, target="sm_90a"):
        self.buffers, self.tasks, self.target = [], [], target

    def buf(self, name, kind, shape, dtype, values=None):
        self.buffers.append(Buffer(name, kind, tuple(shape), dtype, values))
        return "%" + name

    def type(self, name):
        return next(b.type for b in self.buffers if b.name == name)

    def task(self, text):
        self.tasks.append(text)

    def text(self):
        lines = [f'tile.program @gpu0 device(0) target("{self.target}") workers(1) {{']
        for b in self.buffers:
            source = f' source("{b.name}")' if b.kind == "weight" else ""
            lines.append(f"  %{b.name} = tile.buffer @{b.name} kind({b.kind}){source} : {b.type}")
        for i, t in enumerate(self.tasks):
            lines += [f"  tile.task @t{i} worker(0) order({i}) {{", f"    {t}", "  }"]
        return "\n".join(lines + ["}", ""])


# --- the cases: each function builds one program ------------------------------------


def matvec(p, dt, rows, cols, begin=0, end=None, bias=False, residual=False, norm=False,
           wdt=None):
    end = rows if end is None else end
    w = p.buf("w", "weight", (rows, cols), wdt or dt)
    x = p.buf("x", "input", (cols,), dt)
    y = p.buf("y", "output", (rows,), dt)
    extra, attrs = "", ""
    if bias:
        extra += f" bias({p.buf('b', 'weight', (rows,), dt)} : {p.type('b')})"
    if residual:
        extra += f" residual({p.buf('r', 'input', (rows,), dt)} : {p.type('r')})"
    if norm:
        extra += f" norm({p.buf('nw', 'weight', (cols,), dt)} : {p.type('nw')})"
        attrs = " {norm_epsilon = 1.0e-05 : f32}"
    p.task(f"tile.matvec {w}, {x} to {y} rows({begin}, {end}){extra}{attrs}"
           f" : {p.type('w')}, {p.type('x')}, {p.type('y')}")


def matvec_partials(p, dt, rows, chunks, heads, head_dim):
    w = p.buf("w", "weight", (rows, heads * head_dim), dt)
    part = p.buf("part", "input", (chunks, heads, head_dim + 2), "f32")
    y = p.buf("y", "output", (rows,), dt)
    p.task(f"tile.matvec {w}, {part} to {y} rows(0, {rows}) {{x_type = {dt}}}"
           f" : {p.type('w')}, {p.type('part')}, {p.type('y')}")


def swiglu(p, dt, rows, cols, begin=0, end=None, norm=False):
    end = rows if end is None else end
    g = p.buf("wg", "weight", (rows, cols), dt)
    u = p.buf("wu", "weight", (rows, cols), dt)
    x = p.buf("x", "input", (cols,), dt)
    y = p.buf("y", "output", (rows,), dt)
    extra = ""
    if norm:
        extra = (f" norm({p.buf('nw', 'weight', (cols,), dt)} : {p.type('nw')})"
                 " {norm_epsilon = 1.0e-05 : f32}")
    p.task(f"tile.matvec_swiglu {g}, {u}, {x} to {y} rows({begin}, {end}){extra}"
           f" : {p.type('wg')}, {p.type('x')}, {p.type('y')}")


def rmsnorm(p, dt, n, size, begin, end):
    x = p.buf("x", "input", (n,), dt)
    w = p.buf("w", "weight", (size,), dt)
    y = p.buf("y", "output", (n,), dt)
    p.task(f"tile.rmsnorm_rows {x}, {w} to {y} groups({begin}, {end}) size({size})"
           f" {{epsilon = 1.0e-05 : f32}} : {p.type('x')}, {p.type('w')}, {p.type('y')}")


def embed(p, dt, vocab, dim, token):
    t = p.buf("table", "weight", (vocab, dim), dt)
    ids = p.buf("ids", "input", (1,), "i32", [token])
    y = p.buf("y", "output", (dim,), dt)
    p.task(f"tile.embed_row {t}[{ids}] to {y} : {p.type('table')}, {p.type('ids')}, {p.type('y')}")


def ewise(p, dt, op, n, begin, end):
    a = p.buf("a", "input", (n,), dt)
    b = p.buf("b", "input", (n,), dt)
    y = p.buf("y", "output", (n,), dt)
    p.task(f"tile.ewise {op} {a}, {b} to {y} range({begin}, {end})"
           f" : {p.type('a')}, {p.type('b')}, {p.type('y')}")


def argmax(p, dt, n, values=None):
    x = p.buf("logits", "input", (n,), dt, values)
    y = p.buf("next", "output", (1,), "i32")
    p.task(f"tile.argmax_row {x} to {y} : {p.type('logits')}, {p.type('next')}")


# Llama 3 frequency scaling whose band (wavelengths 4..16) covers some of
# the pairs of 6- to 16-wide heads.
LLAMA3_SCALING = ("#tile.llama3_scaling<factor = 8.0, low_freq_factor = 1.0,"
                  " high_freq_factor = 4.0, original_max_position = 16>")


def rope(p, dt, heads, head_dim, begin, end, in_place=False, scaling=False):
    x = p.buf("x", "input", (heads * head_dim,), dt)
    y = x if in_place else p.buf("y", "output", (heads * head_dim,), dt)
    attrs = f"head_dim = {head_dim} : i64, theta = 1.0e+04 : f32"
    if scaling:
        attrs += ", scaling = " + LLAMA3_SCALING
    p.task(f"tile.rope_heads {x} to {y} heads({begin}, {end}) {{{attrs}}}"
           f" : {p.type('x')}, {p.type(y[1:])}")


def kv_store(p, dt, seq, dim, rope_head_dim=None):
    s = p.buf("k", "input", (dim,), dt)
    c = p.buf("cache", "kv_cache", (seq, dim), dt)
    attrs = ""
    if rope_head_dim:
        attrs = f" {{rope = #tile.rope<head_dim = {rope_head_dim}, theta = 1.0e+04>}}"
    p.task(f"tile.kv_store {s} to {c}{attrs} : {p.type('k')}, {p.type('cache')}")


def rope_append(p, dt, heads, kv_heads, head_dim, seq, in_place=False, scaling=False):
    q = p.buf("q", "input", (heads * head_dim,), dt)
    q_out = q if in_place else p.buf("q_rot", "output", (heads * head_dim,), dt)
    k = p.buf("k", "input", (kv_heads * head_dim,), dt)
    v = p.buf("v", "input", (kv_heads * head_dim,), dt)
    kc = p.buf("kc", "kv_cache", (seq, kv_heads * head_dim), dt)
    vc = p.buf("vc", "kv_cache", (seq, kv_heads * head_dim), dt)
    rope = f"head_dim = {head_dim}, theta = 1.0e+04"
    if scaling:
        rope += ", scaling = " + LLAMA3_SCALING
    p.task(f"tile.rope_append {q} to {q_out}, {k} to {kc}, {v} to {vc}"
           f" {{rope = #tile.rope<{rope}>}}"
           f" : {p.type('q')}, {p.type(q_out[1:])}, {p.type('k')}, {p.type('kc')}")


def attention(p, dt, heads, kv_heads, head_dim, seq, chunk_size, kv_head, chunk):
    chunks = (seq + chunk_size - 1) // chunk_size
    q = p.buf("q", "input", (heads * head_dim,), dt)
    k = p.buf("kc", "kv_cache", (seq, kv_heads * head_dim), dt)
    v = p.buf("vc", "kv_cache", (seq, kv_heads * head_dim), dt)
    part = p.buf("part", "output", (chunks, heads, head_dim + 2), "f32")
    scale = 1 / np.sqrt(head_dim)
    p.task(f"tile.attention_partial {q}, {k}, {v} to {part} kv_head({kv_head}) chunk({chunk})"
           f" {{num_heads = {heads} : i64, num_kv_heads = {kv_heads} : i64,"
           f" head_dim = {head_dim} : i64, chunk_size = {chunk_size} : i64,"
           f" scale = {scale:.6e} : f32}} : {p.type('q')}, {p.type('kc')}, {p.type('part')}")


def combine(p, dt, chunks, heads, head_dim, begin, end):
    part = p.buf("part", "input", (chunks, heads, head_dim + 2), "f32")
    out = p.buf("o", "output", (heads * head_dim,), dt)
    p.task(f"tile.attention_combine {part} to {out} heads({begin}, {end})"
           f" : {p.type('part')}, {p.type('o')}")


@dataclasses.dataclass
class Case:
    name: str
    build: object  # Program -> None
    position: int = 0
    ring: bool = False  # also run the cuda backend with the weight ring
    positive_inputs: tuple = ()  # buffers filled from (0.5, 1.5): attention partials


def cases(kind):
    out = []
    for dt in ("f32", "bf16", "f16"):
        dtype_cases(kind, dt, out)
    return out


def dtype_cases(kind, dt, out):
    """Appends KIND's cases in dtype DT (a parameter: the lambdas capture it)."""
    c = lambda name, build, **kw: out.append(Case(f"{kind}/{dt}/{name}", build, **kw))
    if kind == "matvec":
        c("one-row-13-cols", lambda p: matvec(p, dt, 1, 13), ring=True)
        c("rows-2-6-of-7x13", lambda p: matvec(p, dt, 7, 13, 2, 6), ring=True)
        c("3x8", lambda p: matvec(p, dt, 3, 8), ring=True)
        c("96x40", lambda p: matvec(p, dt, 96, 40), ring=True)
        c("4x1000", lambda p: matvec(p, dt, 4, 1000), ring=True)
        c("bias-residual-9x24", lambda p: matvec(p, dt, 9, 24, 1, 9, bias=True,
                                                 residual=True), ring=True)
        c("norm-6x13", lambda p: matvec(p, dt, 6, 13, norm=True), ring=True)
        # x staged in shared memory four words a trip: 8256 columns take the
        # all-four path then one word, 4104 the masked path.
        c("norm-2x8256", lambda p: matvec(p, dt, 2, 8256, norm=True), ring=True)
        c("norm-3x4104", lambda p: matvec(p, dt, 3, 4104, norm=True))
        c("partials-5x16", lambda p: matvec_partials(p, dt, 5, 3, 2, 8),
          positive_inputs=("part",))
        if dt != "bf16":
            c("bf16-weights", lambda p: matvec(p, dt, 7, 24, wdt="bf16"), ring=True)
    elif kind == "matvec_swiglu":
        c("one-row-13-cols", lambda p: swiglu(p, dt, 1, 13), ring=True)
        c("rows-2-7-norm-9x24", lambda p: swiglu(p, dt, 9, 24, 2, 7, norm=True), ring=True)
        c("40x100", lambda p: swiglu(p, dt, 40, 100), ring=True)
    elif kind == "rmsnorm_rows":
        c("whole-13", lambda p: rmsnorm(p, dt, 13, 13, 0, 1))
        c("heads-1-3-of-4x8", lambda p: rmsnorm(p, dt, 32, 8, 1, 3))
        c("whole-1000", lambda p: rmsnorm(p, dt, 1000, 1000, 0, 1))
    elif kind == "embed_row":
        c("10x13-token-7", lambda p: embed(p, dt, 10, 13, 7))
        c("5x1000-token-4", lambda p: embed(p, dt, 5, 1000, 4))
        c("1x8-token-0", lambda p: embed(p, dt, 1, 8, 0))
    elif kind == "ewise":
        for op in ("add", "silu_mul"):
            c(f"{op}-13", lambda p, op=op: ewise(p, dt, op, 13, 0, 13))
            c(f"{op}-3-91-of-100", lambda p, op=op: ewise(p, dt, op, 100, 3, 91))
    elif kind == "argmax_row":
        c("13", lambda p: argmax(p, dt, 13))
        c("1000", lambda p: argmax(p, dt, 1000))
        c("ties-first-wins", lambda p: argmax(p, dt, 40, [1.0 if i in (9, 17, 33) else 0.0
                                                          for i in range(40)]))
    elif kind == "rope_heads":
        c("3x8-pos-5", lambda p: rope(p, dt, 3, 8, 0, 3), position=5)
        c("heads-1-2-in-place-pos-9", lambda p: rope(p, dt, 3, 16, 1, 2, in_place=True),
          position=9)
        c("head-dim-6-pos-1", lambda p: rope(p, dt, 2, 6, 0, 2), position=1)
        c("llama3-scaling-pos-40", lambda p: rope(p, dt, 2, 16, 0, 2, scaling=True),
          position=40)
    elif kind == "kv_store":
        c("13-cols-pos-3", lambda p: kv_store(p, dt, 8, 13), position=3)
        c("rope-2x16-pos-7", lambda p: kv_store(p, dt, 8, 32, 16), position=7)
        c("rope-head-dim-6-pos-0", lambda p: kv_store(p, dt, 4, 12, 6), position=0)
    elif kind == "rope_append":
        c("gqa-4x16-2-kv-pos-5", lambda p: rope_append(p, dt, 4, 2, 16, 8), position=5)
        c("in-place-mqa-3x8-pos-0", lambda p: rope_append(p, dt, 3, 1, 8, 4, in_place=True),
          position=0)
        c("head-dim-6-last-row-pos-3", lambda p: rope_append(p, dt, 2, 2, 6, 4), position=3)
        c("llama3-scaling-pos-40", lambda p: rope_append(p, dt, 2, 1, 16, 64, scaling=True),
          position=40)
    elif kind == "attention_partial":
        c("gqa-chunk-0-pos-9", lambda p: attention(p, dt, 4, 2, 16, 12, 4, 1, 0), position=9)
        c("gqa-last-chunk-part-pos-9", lambda p: attention(p, dt, 4, 2, 16, 12, 4, 0, 2),
          position=9)
        c("mqa-3-heads-dim-8-pos-5", lambda p: attention(p, dt, 3, 1, 8, 10, 8, 0, 0),
          position=5)
        c("chunk-beyond-position", lambda p: attention(p, dt, 2, 2, 8, 16, 4, 1, 3),
          position=6)
    elif kind == "attention_combine":
        c("3-chunks-heads-1-3", lambda p: combine(p, dt, 3, 4, 16, 1, 3),
          positive_inputs=("part",))
        c("one-chunk-dim-8", lambda p: combine(p, dt, 1, 2, 8, 0, 2),
          positive_inputs=("part",))
    else:
        sys.exit(f"conform.py: unknown kind '{kind}'")


# --- running a case -------------------------------------------------------------


def run(cmd, env=None):
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stdout}{r.stderr}")


def compare(name, dtype, device, host):
    """(max error, description of the worst mismatches or None)."""
    d, h = from_bits(device, dtype), from_bits(host, dtype)
    same_special = np.array_equal(np.isnan(d), np.isnan(h)) and np.array_equal(
        d[np.isinf(d)], h[np.isinf(h)]) and np.array_equal(np.isinf(d), np.isinf(h))
    if not same_special:
        return float("inf"), f"{name}: non-finite values differ"
    finite = np.isfinite(h)
    err = np.abs(d[finite] - h[finite])
    scale = max(1.0, float(np.abs(h[finite]).max(initial=0)))
    bad = np.nonzero(err > RTOL[dtype] * scale)[0]
    worst = float(err.max(initial=0))
    if len(bad):
        idx = np.nonzero(finite)[0][bad[:5]]
        return worst, f"{name}: {len(bad)} of {h.size} out of tolerance, e.g. " + ", ".join(
            f"[{i}] device {d[i]:.6g} host {h[i]:.6g}" for i in idx)
    return worst, None


def assemble(art, target, ptxas):
    """ptxas's complaints about the artifact's kernel, or None: it must
    assemble for `target` with no spills in any function."""
    r = subprocess.run([ptxas, f"-arch={target}", "-v", os.path.join(art, "kernel.ptx"),
                        "-o", os.path.join(art, "kernel.cubin")], capture_output=True, text=True)
    if r.returncode != 0:
        return f"ptxas failed ({r.returncode}):\n{r.stderr}"
    spills = [line for line in r.stderr.splitlines()
              if "spill" in line and "0 bytes spill stores, 0 bytes spill loads" not in line]
    return "ptxas: spills: " + "; ".join(spills) if spills else None


def run_case(case, work, target, ptxas=None):
    if os.path.exists(work):
        shutil.rmtree(work)
    os.makedirs(work)
    p = Program(target)
    case.build(p)
    src = os.path.join(work, "program.mlir")
    with open(src, "w") as f:
        f.write(p.text())
    art = os.path.join(work, "artifact")
    run(["tilec", src, "-o", art])
    if ptxas:  # compile and assemble only
        problem = assemble(art, target, ptxas)
        return 0.0, [problem] if problem else []
    rng = np.random.default_rng(zlib.crc32(case.name.encode()))
    args = ["--random-weights", "3", "--position", str(case.position), "-q"]
    state = [b for b in p.buffers if b.kind != "weight"]
    for b in state:
        if b.values is not None:
            values = np.array(b.values, dtype=np.float64)
        elif b.name in case.positive_inputs:
            values = rng.uniform(0.5, 1.5, b.count)
        else:
            values = rng.uniform(-1, 1, b.count)
        path = os.path.join(work, b.name + ".in")
        to_bits(values, b.dtype).tofile(path)
        args += ["--input", f"{b.name}=@{path}"]
    runs = [("host", ["--backend", "host"]), ("cuda", ["--backend", "cuda"])]
    if case.ring and target == "sm_90a":  # the ring needs bulk copies (sm_90+)
        runs.append(("cuda-ring", ["--backend", "cuda", "--weight-ring"]))
    for label, backend in runs:
        outs = [f"{b.name}={os.path.join(work, b.name + '.' + label)}" for b in state]
        run(["tile-run", art] + backend + args + sum((["--output", o] for o in outs), []))
    worst, problems = 0.0, []
    for label, _ in runs[1:]:
        for b in state:
            read = lambda suffix: np.fromfile(os.path.join(work, f"{b.name}.{suffix}"),
                                              dtype=DTYPES[b.dtype])
            err, problem = compare(f"{label} {b.name}", b.dtype, read(label), read("host"))
            worst = max(worst, err)
            if problem:
                problems.append(problem)
    return worst, problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind")
    parser.add_argument("--work", default="conform-work", help="scratch directory")
    parser.add_argument("--only", help="run only the case with this name")
    parser.add_argument("--ptxas", metavar="PATH",
                        help="only compile each case and assemble its kernel with this "
                             "ptxas (no spills allowed); nothing runs")
    parser.add_argument("--target", default="sm_90a",
                        help="the programs' target (sm_80: no bulk prefetch, no weight ring)")
    args = parser.parse_args()
    failed = 0
    for case in cases(args.kind):
        if args.only and case.name != args.only:
            continue
        try:
            worst, problems = run_case(case, os.path.join(args.work, case.name.replace("/", "_")),
                                       args.target, args.ptxas)
        except RuntimeError as e:
            worst, problems = float("inf"), [str(e)]
        status = "FAIL" if problems else "PASS"
        failed += bool(problems)
        print(f"{status} {case.name} (max err {worst:.3g})", flush=True)
        for problem in problems:
            print("  " + problem.replace("\n", "\n  "), flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
