#!/usr/bin/env python3
"""Makes checkpoint variants for the loader tests, from a model directory
holding model.safetensors (stdlib only).

  ckpt_tool.py shard  SRC DST N         split into N shards + index.json
  ckpt_tool.py drop   SRC DST TENSOR    remove one tensor
  ckpt_tool.py reshape SRC DST TENSOR   claim a wrong shape for one tensor
  ckpt_tool.py truncate SRC DST         cut the data short
  ckpt_tool.py trailing SRC DST         append bytes after the data
  ckpt_tool.py alias SRC DST A B        make tensor A's offsets point at B's
  ckpt_tool.py twice SRC DST TENSOR     shard in 2 with TENSOR in both shards
                                        (the index names the first)
Each writes DST/ with config.json copied over.
"""
import json
import os
import shutil
import struct
import sys


def read(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    header.pop("__metadata__", None)
    return {name: (info["dtype"], info["shape"], data[slice(*info["data_offsets"])])
            for name, info in header.items()}


def write(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, (dtype, shape, blob) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape,
                        "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def main():
    command, src, dst = sys.argv[1:4]
    tensors = read(os.path.join(src, "model.safetensors"))
    os.makedirs(dst, exist_ok=True)
    shutil.copy(os.path.join(src, "config.json"), dst)
    out = os.path.join(dst, "model.safetensors")
    if command == "shard":
        n = int(sys.argv[4])
        names = sorted(tensors)
        weight_map = {}
        for i in range(n):
            shard = f"model-{i + 1:05d}-of-{n:05d}.safetensors"
            part = {k: tensors[k] for k in names[i::n]}
            write(os.path.join(dst, shard), part)
            weight_map.update({k: shard for k in part})
        with open(os.path.join(dst, "model.safetensors.index.json"), "w") as f:
            json.dump({"metadata": {}, "weight_map": weight_map}, f)
    elif command == "drop":
        del tensors[sys.argv[4]]
        write(out, tensors)
    elif command == "reshape":
        dtype, shape, blob = tensors[sys.argv[4]]
        tensors[sys.argv[4]] = (dtype, [shape[0] // 2, shape[1] * 2], blob)
        write(out, tensors)
    elif command == "truncate":
        write(out, tensors)
        size = os.path.getsize(out)
        with open(out, "r+b") as f:
            f.truncate(size - 1000)
    elif command == "trailing":
        write(out, tensors)
        with open(out, "ab") as f:
            f.write(b"\0" * 16)
    elif command == "alias":
        write(out, tensors)
        with open(out, "r+b") as f:
            n = struct.unpack("<Q", f.read(8))[0]
            header = json.loads(f.read(n))
            header[sys.argv[4]]["data_offsets"] = header[sys.argv[5]]["data_offsets"]
            text = json.dumps(header).encode()
            text += b" " * (n - len(text))
            assert len(text) == n, "the new header must fit the old one"
            f.seek(8)
            f.write(text)
    elif command == "twice":
        name = sys.argv[4]
        names = sorted(tensors)
        weight_map = {}
        for i in range(2):
            shard = f"model-{i + 1:05d}-of-00002.safetensors"
            part = {k: tensors[k] for k in names[i::2]}
            part[name] = tensors[name]
            write(os.path.join(dst, shard), part)
            weight_map.update({k: shard for k in part if k not in weight_map})
        with open(os.path.join(dst, "model.safetensors.index.json"), "w") as f:
            json.dump({"metadata": {}, "weight_map": weight_map}, f)
    else:
        sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    main()
