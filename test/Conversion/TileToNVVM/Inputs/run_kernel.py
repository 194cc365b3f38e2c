#!/usr/bin/env python3
"""Launches one kernel of a PTX file through the CUDA driver API and prints
its buffers afterwards: the PTX emulator (TILEC_CUDA_DRIVER, set by lit where
there is no GPU) or libcuda.

  run_kernel.py FILE.ptx KERNEL --grid G --block B --shared BYTES \
      BUFFER...   (BUFFER: f32:N:iota | u32:N:zero, one kernel argument each)

Prints `buffer K: v0 v1 ...` per buffer; exits 1 with the driver's message
when a call fails.
"""
import argparse
import ctypes
import os
import struct
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("ptx")
    parser.add_argument("kernel")
    parser.add_argument("--grid", type=int, default=1)
    parser.add_argument("--block", type=int, default=32)
    parser.add_argument("--shared", type=int, default=0)
    parser.add_argument("buffers", nargs="+")
    args = parser.parse_args()

    cuda = ctypes.CDLL(os.environ.get("TILEC_CUDA_DRIVER") or "libcuda.so.1")

    def fn(name):
        # libcuda's current entry points carry a _v2 suffix; the emulator's not.
        for candidate in (name + "_v2", name):
            if hasattr(cuda, candidate):
                return getattr(cuda, candidate)
        sys.exit(f"error: the driver has no {name}")

    def check(result, what):
        if result != 0:
            text = ctypes.c_char_p()
            cuda.cuGetErrorString(result, ctypes.byref(text))
            sys.exit(f"error: {what}: {result} {(text.value or b'').decode()}")

    check(cuda.cuInit(0), "cuInit")
    device = ctypes.c_int()
    check(cuda.cuDeviceGet(ctypes.byref(device), 0), "cuDeviceGet")
    context = ctypes.c_void_p()
    check(cuda.cuDevicePrimaryCtxRetain(ctypes.byref(context), device),
          "cuDevicePrimaryCtxRetain")
    check(fn("cuCtxPushCurrent")(context), "cuCtxPushCurrent")
    module = ctypes.c_void_p()
    image = open(args.ptx, "rb").read() + b"\0"
    check(cuda.cuModuleLoadDataEx(ctypes.byref(module), image, 0, None, None),
          "cuModuleLoadDataEx")
    function = ctypes.c_void_p()
    check(cuda.cuModuleGetFunction(ctypes.byref(function), module,
                                   args.kernel.encode()), "cuModuleGetFunction")
    if args.shared > 48 * 1024:
        check(cuda.cuFuncSetAttribute(function, 8, args.shared),  # MAX_DYNAMIC_SHARED
              "cuFuncSetAttribute")

    buffers = []
    for spec in args.buffers:
        kind, count, init = spec.split(":")
        count = int(count)
        fmt = {"f32": "f", "u32": "I"}[kind]
        values = list(range(count)) if init == "iota" else [0] * count
        data = struct.pack(f"<{count}{fmt}", *values)
        pointer = ctypes.c_uint64()
        check(fn("cuMemAlloc")(ctypes.byref(pointer), ctypes.c_size_t(len(data))),
              "cuMemAlloc")
        check(fn("cuMemcpyHtoDAsync")(pointer, data, ctypes.c_size_t(len(data)),
                                      None), "cuMemcpyHtoDAsync")
        buffers.append((pointer, fmt, count))

    params = (ctypes.c_void_p * len(buffers))(
        *[ctypes.cast(ctypes.byref(b[0]), ctypes.c_void_p) for b in buffers])
    check(cuda.cuLaunchKernel(function, args.grid, 1, 1, args.block, 1, 1,
                              args.shared, None, params, None), "cuLaunchKernel")
    check(cuda.cuStreamSynchronize(None), "cuStreamSynchronize")
    for k, (pointer, fmt, count) in enumerate(buffers):
        out = ctypes.create_string_buffer(4 * count)
        check(fn("cuMemcpyDtoHAsync")(out, pointer, ctypes.c_size_t(4 * count),
                                      None), "cuMemcpyDtoHAsync")
        check(cuda.cuStreamSynchronize(None), "cuStreamSynchronize")
        values = struct.unpack(f"<{count}{fmt}", out.raw)
        print(f"buffer {k}: " + " ".join(
            (f"{v:g}" if fmt == "f" else str(v)) for v in values))


if __name__ == "__main__":
    main()
