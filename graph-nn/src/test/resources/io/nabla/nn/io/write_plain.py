"""Writes a valid safetensors file the way another tool might, with the standard library only.

For SafetensorsInteropTest. Deliberately unlike Nabla's own files: header keys not sorted,
JSON with spaces, metadata last, no padding, and the data laid out in reverse name order.
"""
import json
import struct
import sys

path = sys.argv[1]
# name, shape, values: in the order of their bytes in the data buffer.
tensors = [
    ("z/last", [2, 2], [1.5, -2.0, 3.25, 1e-3]),
    ("scalar", [], [42.0]),
    ("empty", [2, 0], []),
    ("a/first", [3], [0.1, -0.0, float("inf")]),
]
header = {}
data = b""
for name, shape, values in tensors:
    begin = len(data)
    data += struct.pack("<%df" % len(values), *values)
    header[name] = {"shape": shape, "dtype": "F32", "data_offsets": [begin, len(data)]}
header["__metadata__"] = {"format": "pt", "note": "written by plain python: \u03bb \U0001F600"}
text = json.dumps(header).encode("utf-8")
with open(path, "wb") as f:
    f.write(struct.pack("<Q", len(text)))
    f.write(text)
    f.write(data)
