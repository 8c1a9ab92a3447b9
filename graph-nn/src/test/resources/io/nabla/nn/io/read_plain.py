"""Reads a safetensors file with nothing but the standard library and prints what it holds.

An independent reader for SafetensorsInteropTest: json + struct + zlib, no Nabla code.
Prints one JSON object: the header length, the text after the header's closing brace (the
padding), the header keys in file order, the metadata, the CRC32 of the whole file with the
eight digits of its "nabla.checksum" counted as zeros, and for
each tensor its dtype, shape, data_offsets and the raw 32-bit patterns of its values.
"""
import json
import struct
import sys
import zlib

path = sys.argv[1]
with open(path, "rb") as f:
    blob = f.read()
(n,) = struct.unpack("<Q", blob[:8])
text = blob[8:8 + n].decode("utf-8")
header = json.loads(text)
data = blob[8 + n:]
closing = text.rindex("}") + 1
digits = 8 + len('{"__metadata__":{"nabla.checksum":"')
unset = blob[:digits] + b"00000000" + blob[digits + 8:]

tensors = {}
for name, info in header.items():
    if name == "__metadata__":
        continue
    begin, end = info["data_offsets"]
    count = (end - begin) // 4
    tensors[name] = {
        "dtype": info["dtype"],
        "shape": info["shape"],
        "data_offsets": [begin, end],
        "bits": list(struct.unpack("<%dI" % count, data[begin:end])),
    }

print(json.dumps({
    "header_length": n,
    "padding": text[closing:],
    "keys": list(header.keys()),
    "metadata": header.get("__metadata__", {}),
    "data_length": len(data),
    "crc32": "%08x" % zlib.crc32(unset),
    "tensors": tensors,
}))
