"""The PyTorch side of TorchOptimizerTest: torch.optim on Nabla's weights and gradient sequence.

usage: torch_optimizers.py IN OUT RUN...

  IN    p [N], the initial weights, and g [S, N], the gradient of each of S steps
  OUT   for every RUN named NAME: NAME/float32 [S, N] and NAME/float64 [S, N], the weights
        after each step with the optimizer in float32 and in float64 (stored rounded to float32)
  RUN   NAME=adam,LR,BETA1,BETA2,EPS,WEIGHT_DECAY    torch.optim.Adam
        NAME=adamw,LR,BETA1,BETA2,EPS,WEIGHT_DECAY   torch.optim.AdamW
        NAME=sgd,LR,MOMENTUM,NESTEROV,WEIGHT_DECAY   torch.optim.SGD (NESTEROV: 0 or 1)

Each run starts afresh from p; the gradient of step s is g[s], whatever the weights.
safetensors is read and written by torch_safetensors.py, which the test copies beside it.
"""
import sys

import torch
from torch_safetensors import read_safetensors, write_safetensors


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
    data = read_safetensors(source)[0]
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
