"""F32 safetensors files as PyTorch tensors, for the scripts that check Nabla against PyTorch.

The tests copy this module beside the script they run. It reads and writes the format with json
and struct alone (an 8-byte little-endian header length, a JSON header, then the raw
little-endian data), so the safetensors package is not needed.
"""
import json
import os
import struct
import sys

import numpy as np
import torch


def read_safetensors(path):
    """The F32 tensors of a safetensors file by name, and its metadata."""
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    data = blob[8 + n:]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if entry["dtype"] != "F32":
            sys.exit("%s: tensor %s is %s; only F32 is expected" % (path, name, entry["dtype"]))
        begin, end = entry["data_offsets"]
        values = np.frombuffer(data[begin:end], dtype="<f4").reshape(entry["shape"])
        tensors[name] = torch.from_numpy(values.astype(np.float32))
    return tensors, header.get("__metadata__", {})


def write_safetensors(path, tensors):
    """Writes float32 tensors, sorted by name, packed back to back; data 8-byte aligned.

    Written to a temporary file and renamed, so a reader never sees half a file.
    """
    header, chunks, offset = {}, [], 0
    for name in sorted(tensors):
        raw = tensors[name].detach().to(torch.float32).contiguous().numpy().astype("<f4")
        header[name] = {"dtype": "F32", "shape": list(raw.shape),
                        "data_offsets": [offset, offset + raw.nbytes]}
        chunks.append(raw.tobytes())
        offset += raw.nbytes
    text = json.dumps(header).encode("utf-8")
    text += b" " * (-(8 + len(text)) % 8)
    with open(path + ".part", "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in chunks:
            f.write(raw)
    os.replace(path + ".part", path)
