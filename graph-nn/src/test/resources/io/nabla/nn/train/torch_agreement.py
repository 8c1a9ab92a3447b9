"""The PyTorch side of TorchAgreementTest: Nabla's network, weights and batches, run in PyTorch.

usage: torch_agreement.py ARCH INITIAL BATCHES OUT BATCH_SIZE LR MOMENTUM [OPTIMIZER]

  ARCH        lenet5 (Presets.lenet5(10)) or mlp (Mlp.inputs(1, 28, 28).hidden(256, 128),
              ReLU, 10 classes)
  INITIAL     the Nabla checkpoint holding the initial parameters, by Nabla name
  BATCHES     x [S*B, 1, 28, 28] and y [S*B] (class indices stored as floats)
  OUT         the results, in Nabla's names and layouts:
                loss [], logits [B, 10]  mean cross-entropy and output on the first batch
                grad/NAME                that loss's gradient for parameter NAME
                losses [S]               the loss of each of S SGD steps, batch s at step s
                final/NAME               parameter NAME after the S steps
                float64/losses, float64/final/NAME
                                         the same S steps computed in float64 (stored
                                         rounded to float32)
  BATCH_SIZE  B;  LR, MOMENTUM: torch.optim.SGD's lr and momentum (no dampening, no decay)
  OPTIMIZER   sgd (the default) or adam: torch.optim.Adam with lr LR and its defaults
              (betas 0.9, 0.999, eps 1e-8, no decay); MOMENTUM is then unused

Layouts, Nabla -> PyTorch:
  - dense NAME/weight is [in, out] because Nabla computes x @ W; nn.Linear.weight is
    [out, in] and computes x @ W.T, so the weight is transposed in and gradients and final
    weights are transposed back out;
  - conv NAME/weight is [out, in, kh, kw] in both; all biases are [out] in both;
  - images are NCHW in both, and both flattens keep (C, H, W) order, so dense1 after the
    convolutions sees the features in the same order;
  - padding is zeros on every side (conv1: 2, conv2: none), pooling 2x2 with stride 2;
  - the loss is softmax cross-entropy averaged over the batch (F.cross_entropy's default).

safetensors is read and written by torch_safetensors.py (json and struct alone, no safetensors
package), which the test copies beside it.
"""
import os
import sys

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # one thread: reproducible sums
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402
from torch_safetensors import read_safetensors, write_safetensors  # noqa: E402


def network(arch):
    """The layers, each with its Nabla scope name (None: no parameters)."""
    if arch == "lenet5":
        return [("conv1", nn.Conv2d(1, 6, 5, padding=2)), (None, nn.ReLU()),
                (None, nn.MaxPool2d(2)),
                ("conv2", nn.Conv2d(6, 16, 5)), (None, nn.ReLU()), (None, nn.MaxPool2d(2)),
                (None, nn.Flatten()),
                ("dense1", nn.Linear(16 * 5 * 5, 120)), (None, nn.ReLU()),
                ("dense2", nn.Linear(120, 84)), (None, nn.ReLU()),
                ("dense3", nn.Linear(84, 10))]
    if arch == "mlp":
        return [(None, nn.Flatten()),
                ("dense1", nn.Linear(784, 256)), (None, nn.ReLU()),
                ("dense2", nn.Linear(256, 128)), (None, nn.ReLU()),
                ("dense3", nn.Linear(128, 10))]
    sys.exit("unknown architecture %r: expected lenet5 or mlp" % arch)


def parameters(layers):
    """(Nabla name, PyTorch parameter, transposed?) for every parameter."""
    out = []
    for scope, layer in layers:
        if scope is None:
            continue
        dense = isinstance(layer, nn.Linear)
        out.append((scope + "/weight", layer.weight, dense))
        out.append((scope + "/bias", layer.bias, False))
    return out


def to_nabla(t, transposed):
    return t.t() if transposed else t


def load_initial(params, path):
    stored = read_safetensors(path)[0]
    expected = {name for name, _, _ in params}
    if set(stored) != expected:
        sys.exit("%s holds %s but the %s network has %s; was it saved from another model?"
                 % (path, sorted(stored), sys.argv[1], sorted(expected)))
    with torch.no_grad():
        for name, p, transposed in params:
            value = to_nabla(stored[name], transposed)
            if value.shape != p.shape:
                sys.exit("%s: %s is %s (as PyTorch's %s) but the layer needs %s"
                         % (path, name, list(stored[name].shape), list(value.shape),
                            list(p.shape)))
            p.copy_(value)


def build(arch, initial, dtype):
    """The network in dtype with the initial weights, and its parameters."""
    layers = network(arch)
    net = nn.Sequential(*[layer for _, layer in layers]).to(dtype)
    params = parameters(layers)
    load_initial(params, initial)
    return net, params


def train(net, x, y, batch, lr, momentum, kind):
    """SGD or Adam over the batches in order, one step each; the loss of every step."""
    if kind == "adam":
        optimizer = torch.optim.Adam(net.parameters(), lr=lr)
    elif kind == "sgd":
        optimizer = torch.optim.SGD(net.parameters(), lr=lr, momentum=momentum)
    else:
        sys.exit("unknown optimizer %r: expected sgd or adam" % kind)
    losses = []
    for s in range(x.shape[0] // batch):
        optimizer.zero_grad()
        rows = slice(s * batch, (s + 1) * batch)
        loss = F.cross_entropy(net(x[rows]), y[rows])
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return torch.tensor(losses, dtype=torch.float64)


def main():
    arch, initial, batches, out = sys.argv[1:5]
    batch, lr, momentum = int(sys.argv[5]), float(sys.argv[6]), float(sys.argv[7])
    kind = sys.argv[8] if len(sys.argv) > 8 else "sgd"
    torch.set_num_threads(1)
    data = read_safetensors(batches)[0]
    x, y = data["x"], data["y"].long()
    results = {}

    net, params = build(arch, initial, torch.float32)
    logits = net(x[:batch])
    loss = F.cross_entropy(logits, y[:batch])
    loss.backward()
    results["loss"] = loss
    results["logits"] = logits
    for name, p, transposed in params:
        # A copy: zero_grad() in train() clears p.grad in place.
        results["grad/" + name] = to_nabla(p.grad, transposed).clone()
    results["losses"] = train(net, x, y, batch, lr, momentum, kind)
    for name, p, transposed in params:
        results["final/" + name] = to_nabla(p, transposed)

    # The same training in float64: how far float32 rounding alone moves each side.
    net, params = build(arch, initial, torch.float64)
    results["float64/losses"] = train(net, x.double(), y, batch, lr, momentum, kind)
    for name, p, transposed in params:
        results["float64/final/" + name] = to_nabla(p, transposed)
    write_safetensors(out, results)


if __name__ == "__main__":
    main()
