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

safetensors is read and written by torch_safetensors.py, which the test copies beside it.
"""
import json
import os
import sys

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch_safetensors import read_safetensors, write_safetensors  # noqa: E402


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
