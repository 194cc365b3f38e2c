"""Minimal safetensors writer (the format: 8-byte little-endian header length,
a JSON header {name: {dtype, shape, data_offsets}}, then the raw data), so the
tests need no pip package. bf16 is stored as its bit pattern."""
import json
import struct

import numpy as np


def to_bf16_bits(x):
    """float -> bf16 bits, round to nearest even (finite values)."""
    u = np.ascontiguousarray(x, dtype=np.float32).view(np.uint32)
    rounding = ((u >> 16) & 1) + np.uint32(0x7FFF)
    return ((u + rounding) >> 16).astype(np.uint16)


def from_bf16_bits(bits):
    return (bits.astype(np.uint32) << 16).view(np.float32)


def bf16_round(x):
    """The float32 value nearest to x that bf16 can hold."""
    return from_bf16_bits(to_bf16_bits(x))


def write(path, tensors):
    """tensors: {name: (dtype, array)}, dtype in BF16, F16, F32, I32."""
    header, blobs, offset = {}, [], 0
    for name, (dtype, array) in tensors.items():
        if dtype == "BF16":
            data = to_bf16_bits(array).tobytes()
        else:
            np_type = {"F16": np.float16, "F32": np.float32, "I32": np.int32}[dtype]
            data = np.ascontiguousarray(array, dtype=np_type).tobytes()
        header[name] = {"dtype": dtype, "shape": list(array.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)
