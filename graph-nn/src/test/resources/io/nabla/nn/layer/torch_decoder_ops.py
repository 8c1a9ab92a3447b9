"""The PyTorch side of DecoderTorchAgreementTest: conv_transpose2d and interpolate on the
inputs Nabla wrote, with the gradients of sum(y * probe).

usage: torch_decoder_ops.py INPUTS OUT

  INPUTS  safetensors; its metadata maps each case name to a JSON object:
            {"op": "conv_transpose2d", "stride": [sh, sw], "padding": [ph, pw],
             "output_padding": [oh, ow], "dilation": [dh, dw], "groups": g, "bias": true}
            {"op": "interpolate", "mode": "nearest" or "bilinear", "scale": [sh, sw]}
          and its tensors are NAME/x, NAME/probe and, for conv_transpose2d, NAME/w (and
          NAME/b): the filters are [in, out/groups, kh, kw] in both frameworks
  OUT     NAME/y, NAME/grad/x (and NAME/grad/w, NAME/grad/b): the output and the gradients
          of sum(y * probe)

safetensors is read and written with json and struct alone, as in torch_agreement.py.
"""
import json
import os
import struct
import sys

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402


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
        begin, end = entry["data_offsets"]
        values = np.frombuffer(data[begin:end], dtype="<f4").reshape(entry["shape"])
        tensors[name] = torch.from_numpy(values.astype(np.float32))
    return tensors, header.get("__metadata__", {})


def write_safetensors(path, tensors):
    """Writes float32 tensors, sorted by name, packed back to back; data 8-byte aligned."""
    header, chunks, offset = {}, [], 0
    for name in sorted(tensors):
        values = tensors[name].detach().to(torch.float32).contiguous().numpy()
        raw = values.astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(values.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode("utf-8")
    text += b" " * (-(8 + len(text)) % 8)
    with open(path + ".part", "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in chunks:
            f.write(raw)
    os.replace(path + ".part", path)


def main(inputs, out):
    torch.set_num_threads(1)
    tensors, metadata = read_safetensors(inputs)
    results = {}
    for name, text in metadata.items():
        if name.startswith("nabla."):
            continue
        case = json.loads(text)
        x = tensors[name + "/x"].clone().requires_grad_(True)
        wrt = {"x": x}
        if case["op"] == "conv_transpose2d":
            w = tensors[name + "/w"].clone().requires_grad_(True)
            wrt["w"] = w
            b = None
            if case["bias"]:
                b = tensors[name + "/b"].clone().requires_grad_(True)
                wrt["b"] = b
            y = F.conv_transpose2d(x, w, b, stride=tuple(case["stride"]),
                                   padding=tuple(case["padding"]),
                                   output_padding=tuple(case["output_padding"]),
                                   groups=case["groups"], dilation=tuple(case["dilation"]))
        elif case["op"] == "interpolate":
            extra = {"align_corners": False} if case["mode"] == "bilinear" else {}
            y = F.interpolate(x, scale_factor=tuple(case["scale"]), mode=case["mode"], **extra)
        else:
            sys.exit("case %s: unknown op %r" % (name, case["op"]))
        (y * tensors[name + "/probe"]).sum().backward()
        results[name + "/y"] = y
        for key, t in wrt.items():
            results[name + "/grad/" + key] = t.grad
    write_safetensors(out, results)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
