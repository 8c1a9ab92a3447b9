"""Loads or saves a safetensors file with the reference library (safetensors + numpy).

For SafetensorsInteropTest, which runs it only where `import safetensors.numpy` works.
  load PATH: prints the metadata and, per tensor, dtype, shape and raw 32-bit patterns.
  save PATH: writes float32 tensors and metadata with safetensors.numpy.save_file.
"""
import json
import sys

import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file, save_file

mode, path = sys.argv[1], sys.argv[2]
if mode == "load":
    arrays = load_file(path)
    with safe_open(path, framework="np") as f:
        metadata = f.metadata() or {}
    print(json.dumps({
        "metadata": metadata,
        "tensors": {
            name: {
                "dtype": str(a.dtype),
                "shape": list(a.shape),
                "bits": a.astype("<f4").view("<u4").ravel().tolist(),
            }
            for name, a in arrays.items()
        },
    }))
elif mode == "save":
    save_file({
        "conv/weight": (np.arange(2 * 3 * 2 * 2, dtype=np.float32) * 0.5 - 3).reshape(2, 3, 2, 2),
        "bias": np.array([0.1, -0.2, 0.3], dtype=np.float32),
        "scale": np.array(2.5, dtype=np.float32),
    }, path, metadata={"format": "np", "source": "safetensors.numpy"})
else:
    sys.exit("unknown mode " + mode)
