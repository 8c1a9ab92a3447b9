"""The PyTorch side of TorchOptimizerTest: torch.optim on Nabla's weights and gradient sequence.

usage: torch_optimizers.py IN OUT RUN...

  IN    p [N], the initial weights, and g [S, N], the gradient of each of S steps
  OUT   for every RUN named NAME: NAME/float32 [S, N] and NAME/float64 [S, N], the weights
        after each step with the optimizer in float32 and in float64 (stored rounded to float32)
  RUN   NAME=adam,LR,BETA1,BETA2,EPS,WEIGHT_DECAY    torch.optim.Adam
        NAME=adamw,LR,BETA1,BETA2,EPS,WEIGHT_DECAY   torch.optim.AdamW
        NAME=sgd,LR,MOMENTUM,NESTEROV,WEIGHT_DECAY   torch.optim.SGD (NESTEROV: 0 or 1)

Each run starts afresh from p; the gradient of step s is g[s], whatever the weights.
safetensors is read and written with json and struct alone, as in torch_agreement.py.
"""
import json
import os
import struct
import sys

import numpy as np
import torch


def read_safetensors(path):
    """The F32 tensors of a safetensors file, by name."""
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
    return tensors


def write_safetensors(path, tensors):
    """Writes float32 tensors, sorted by name, packed back to back; data 8-byte aligned."""
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


def optimizer(kind, args, param):
    if kind in ("adam", "adamw"):
        lr, beta1, beta2, eps, decay = (float(a) for a in args)
        make = torch.optim.Adam if kind == "adam" else torch.optim.AdamW
        return make([param], lr=lr, betas=(beta1, beta2), eps=eps, weight_decay=decay)
    if kind == "sgd":
        lr, momentum, nesterov, decay = float(args[0]), float(args[1]), args[2] == "1", \
            float(args[3])
        return torch.optim.SGD([param], lr=lr, momentum=momentum, nesterov=nesterov,
                               weight_decay=decay)
    sys.exit("unknown optimizer %r: expected adam, adamw or sgd" % kind)


def trajectory(kind, args, p, g, dtype):
    param = p.to(dtype).clone().requires_grad_(True)
    opt = optimizer(kind, args, param)
    out = []
    for s in range(g.shape[0]):
        param.grad = g[s].to(dtype).clone()
        opt.step()
        out.append(param.detach().clone())
    return torch.stack(out)


def main():
    source, out = sys.argv[1:3]
    torch.set_num_threads(1)
    data = read_safetensors(source)
    p, g = data["p"], data["g"]
    results = {}
    for run in sys.argv[3:]:
        name, spec = run.split("=", 1)
        kind, *args = spec.split(",")
        results[name + "/float32"] = trajectory(kind, args, p, g, torch.float32)
        results[name + "/float64"] = trajectory(kind, args, p, g, torch.float64)
    write_safetensors(out, results)


if __name__ == "__main__":
    main()
