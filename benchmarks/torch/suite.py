#!/usr/bin/python3
"""PyTorch's half of Nabla's model suite: the same models, modes, protocol and output as
io.nabla.bench.Suite (benchmarks/src/main/java/io/nabla/bench/Suite.java).

Needs Debian's python3-torch (with OpenBLAS: libopenblas0-pthread). Run it with the interpreter
that has torch, two intra-op threads and OpenBLAS pinned to one thread (torch.set_num_threads
does not limit OpenBLAS's own pool, and two pools on two cores halve the speed):

  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 benchmarks/torch/suite.py model vgg [--quick]
  ... suite.py convs [--quick] | epochs sgd|adam N | params | lenet-sample [--epochs N]

Each mode prints `RESULT {json}` last (convs also a `CONV {json}` line per convolution).
benchmarks/run-suite runs both halves alternately and compares them.
"""
import gzip, json, os, resource, statistics, sys, tempfile, time

import torch
import torch.nn as nn
import torch.nn.functional as F

DATA = os.environ.get("FASHION_MNIST", "/usr/share/datasets/fashion-mnist")
TRAIN_BATCH, INFER_BATCH, TRAIN_BATCHES = 64, 256, 16

# The same numbers as Protocol.java: warm-ups (s), blocks, block lengths (s).
FULL = dict(train_warmup=5, infer_warmup=2, latency_warmup=1, conv_warmup=0.25, blocks=7,
            train_block=0.5, infer_block=0.3, latency_time=1, conv_blocks=5, conv_block=0.1)
QUICK = dict(train_warmup=2, infer_warmup=0.7, latency_warmup=0.4, conv_warmup=0.1, blocks=3,
             train_block=0.3, infer_block=0.2, latency_time=0.3, conv_blocks=3, conv_block=0.05)


# ---------------------------------------------------------------- the models (graph-nn's Presets)

def conv(cin, cout, k, stride=1, bias=True):
    # 'same' padding as Nabla's Padding.same(): k // 2 per side gives the same output size (for the
    # one strided 3x3 of resnet, Nabla puts its single padding row at the bottom, PyTorch one on
    # each side; the operation count is the same)
    return nn.Conv2d(cin, cout, k, stride=stride, padding=k // 2, bias=bias)


def conv_bn_relu(cin, cout, k, stride=1, bias=True):
    return [conv(cin, cout, k, stride, bias), nn.BatchNorm2d(cout), nn.ReLU()]


def lenet():
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))


def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128),
                         nn.ReLU(), nn.Linear(128, 10))


def vgg():
    return nn.Sequential(
        *conv_bn_relu(3, 16, 3), *conv_bn_relu(16, 16, 3), nn.MaxPool2d(2),
        *conv_bn_relu(16, 32, 3), *conv_bn_relu(32, 32, 3), nn.MaxPool2d(2),
        nn.Flatten(), nn.Dropout(0.3), nn.Linear(32 * 8 * 8, 128), nn.ReLU(), nn.Linear(128, 10))


class Residual(nn.Module):
    """ResidualBlock: relu(bn(conv(relu(bn(conv(x))))) + shortcut(x)), convolutions bias-free."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.c1, self.b1 = conv(cin, cout, 3, stride, False), nn.BatchNorm2d(cout)
        self.c2, self.b2 = conv(cout, cout, 3, 1, False), nn.BatchNorm2d(cout)
        self.short = None
        if stride != 1 or cin != cout:
            self.short = nn.Sequential(conv(cin, cout, 1, stride, False), nn.BatchNorm2d(cout))

    def forward(self, x):
        h = self.b2(self.c2(F.relu(self.b1(self.c1(x)))))
        return F.relu(h + (x if self.short is None else self.short(x)))


def resnet():
    return nn.Sequential(*conv_bn_relu(3, 16, 3), Residual(16, 16, 1), Residual(16, 32, 2),
                         Residual(32, 32, 1), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                         nn.Linear(32, 10))


class DenseBlock(nn.Module):
    """DenseBlock: each step concatenates conv3x3(relu(bn(features))) (bias-free) onto them."""

    def __init__(self, cin, layers, growth):
        super().__init__()
        self.steps = nn.ModuleList(
            nn.Sequential(nn.BatchNorm2d(cin + i * growth), nn.ReLU(),
                          conv(cin + i * growth, growth, 3, 1, False)) for i in range(layers))

    def forward(self, x):
        for step in self.steps:
            x = torch.cat([x, step(x)], 1)
        return x


def densenet():
    return nn.Sequential(
        conv(3, 16, 3), DenseBlock(16, 3, 8), nn.BatchNorm2d(40), nn.ReLU(), conv(40, 24, 1),
        nn.AvgPool2d(2), DenseBlock(24, 3, 8), nn.BatchNorm2d(48), nn.ReLU(),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(48, 10))


class Inception(nn.Module):
    """Inception: 1x1 | 1x1 -> 3x3 | 1x1 -> 5x5 | maxpool 3/1 -> 1x1, each conv + BN + ReLU."""

    def __init__(self, cin, b1, b3r, b3, b5r, b5, proj):
        super().__init__()
        self.one = nn.Sequential(*conv_bn_relu(cin, b1, 1, 1, False))
        self.three = nn.Sequential(*conv_bn_relu(cin, b3r, 1, 1, False),
                                   *conv_bn_relu(b3r, b3, 3, 1, False))
        self.five = nn.Sequential(*conv_bn_relu(cin, b5r, 1, 1, False),
                                  *conv_bn_relu(b5r, b5, 5, 1, False))
        self.pool = nn.Sequential(nn.MaxPool2d(3, 1, 1), *conv_bn_relu(cin, proj, 1, 1, False))

    def forward(self, x):
        return torch.cat([self.one(x), self.three(x), self.five(x), self.pool(x)], 1)


def inception():
    return nn.Sequential(
        *conv_bn_relu(3, 24, 3), nn.MaxPool2d(2),
        Inception(24, 16, 16, 24, 4, 8, 8), Inception(56, 24, 24, 32, 4, 12, 12), nn.MaxPool2d(2),
        Inception(80, 32, 24, 40, 6, 12, 12), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(96 * 4 * 4, 10))


MODELS = dict(lenet=(lenet, 1, 28), mlp=(mlp, 1, 28), vgg=(vgg, 3, 32), resnet=(resnet, 3, 32),
              densenet=(densenet, 3, 32), inception=(inception, 3, 32))


def params(model):
    return sum(p.numel() for p in model.parameters())


# ---------------------------------------------------------------- data

def idx(name):
    path = os.path.join(DATA, name)
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return torch.frombuffer(bytearray(data[4 + 4 * ndim:]), dtype=torch.uint8).reshape(dims)


def find(stem):
    for name in (stem + ".gz", stem):
        if os.path.exists(os.path.join(DATA, name)):
            return name
    return None


def fashion(split="train"):
    """Fashion-MNIST images scaled to [0,1] as [N,1,28,28] and labels, or None if absent."""
    prefix = "train" if split == "train" else "t10k"
    images, labels = find(prefix + "-images-idx3-ubyte"), find(prefix + "-labels-idx1-ubyte")
    if images is None or labels is None:
        return None
    return (idx(images).float().div_(255).unsqueeze(1), idx(labels).long())


def inputs(channels, size, n, seed):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(n, channels, size, size, generator=g)


def training_batches(name, channels, size):
    n = TRAIN_BATCHES * TRAIN_BATCH
    if channels == 1:
        data = fashion()
        if data is not None:
            x, y = data[0][:n].contiguous(), data[1][:n].contiguous()
            return [(x[i:i + TRAIN_BATCH], y[i:i + TRAIN_BATCH]) for i in range(0, n, TRAIN_BATCH)]
    g = torch.Generator().manual_seed(1)
    return [(inputs(channels, size, TRAIN_BATCH, b + 100),
             torch.randint(0, 10, (TRAIN_BATCH,), generator=g)) for b in range(TRAIN_BATCHES)]


# ---------------------------------------------------------------- the protocol (Protocol.java)

def warm_up(seconds, body):
    end = time.perf_counter() + seconds
    while True:
        body()
        if time.perf_counter() >= end:
            return


def warm_up_until_steady(min_seconds, block_seconds, body):
    """As Protocol.warmUpUntilSteady: min_seconds, then until two blocks agree within 10%."""
    t0 = time.perf_counter()
    warm_up(min_seconds, body)
    previous = None
    while time.perf_counter() - t0 < 4 * min_seconds:
        per_call = seconds_per_call(1, block_seconds, body)[0]
        if previous is not None and abs(per_call - previous) <= 0.1 * previous:
            break
        previous = per_call
    return time.perf_counter() - t0


def seconds_per_call(blocks, block_seconds, body):
    out = []
    for _ in range(blocks):
        t0 = time.perf_counter()
        end, calls = t0 + block_seconds, 0
        while True:
            body()
            calls += 1
            now = time.perf_counter()
            if now >= end:
                break
        out.append((now - t0) / calls)
    return out


def single_calls(seconds, body):
    times, end = [], time.perf_counter() + seconds
    while True:
        t0 = time.perf_counter()
        body()
        now = time.perf_counter()
        times.append(now - t0)
        if now >= end:
            return times


def header(model):
    return {"framework": "pytorch", "model": model, "threads": torch.get_num_threads(),
            "torch": torch.__version__}


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def emit(kind, fields):
    print(kind, json.dumps(fields), flush=True)


# ---------------------------------------------------------------- the modes

def mode_model(name, p):
    build, channels, size = MODELS[name]
    torch.manual_seed(0)
    model = build()
    batches = training_batches(name, channels, size)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    state = {"next": 0}

    def step():
        x, y = batches[state["next"] % len(batches)]
        state["next"] += 1
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    model.train()
    train_warmup = warm_up_until_steady(p["train_warmup"], p["train_block"], step)
    train = seconds_per_call(p["blocks"], p["train_block"], step)

    model.eval()
    big, one = inputs(channels, size, INFER_BATCH, 2), inputs(channels, size, 1, 3)
    with torch.no_grad():
        infer = lambda: model(big)
        infer_warmup = warm_up_until_steady(p["infer_warmup"], p["infer_block"], infer)
        inference = seconds_per_call(p["blocks"], p["infer_block"], infer)
        single = lambda: model(one)
        warm_up(p["latency_warmup"], single)
        latency = single_calls(p["latency_time"], single)

    r = header(name)
    r.update(params=params(model),
             train_images_per_s=TRAIN_BATCH / statistics.median(train),
             train_blocks=[TRAIN_BATCH / s for s in train],
             train_warmup_s=train_warmup, infer_warmup_s=infer_warmup,
             infer_images_per_s=INFER_BATCH / statistics.median(inference),
             infer_blocks=[INFER_BATCH / s for s in inference],
             latency_us=statistics.median(latency) * 1e6, latency_calls=len(latency),
             peak_rss_mb=peak_rss_mb())
    emit("RESULT", r)


def conv_layers(model, channels, size):
    """(key, name, module, input shape) of every Conv2d, keyed as ConvLayer.key() spells it."""
    found = []
    hooks = [m.register_forward_hook(
        lambda mod, inp, out, name=name: found.append((name, mod, tuple(inp[0].shape))))
        for name, m in model.named_modules() if isinstance(m, nn.Conv2d)]
    with torch.no_grad():
        model.eval()(torch.zeros(1, channels, size, size))
    for h in hooks:
        h.remove()
    out = []
    for name, m, shape in found:
        kh, kw = m.kernel_size
        sh, sw = m.stride
        stride = "" if (sh, sw) == (1, 1) else "/%d" % sh if sh == sw else "/%dx%d" % (sh, sw)
        key = "%d>%d %dx%d%s %dx%d" % (m.in_channels, m.out_channels, kh, kw, stride,
                                       shape[2], shape[3])
        out.append((key, name, m, shape))
    return out


def mode_convs(p):
    layers, users = {}, {}
    for model_name, (build, channels, size) in MODELS.items():
        for key, name, m, shape in conv_layers(build(), channels, size):
            layers.setdefault(key, (m, shape))
            users.setdefault(key, []).append(model_name + ":" + name)
    g = torch.Generator().manual_seed(1)
    probes = {}
    for key, (m, shape) in layers.items():
        x = torch.randn(64, *shape[1:], generator=g, requires_grad=True)
        w = torch.randn(m.weight.shape, generator=g, requires_grad=True)
        fwd = lambda x=x, w=w, m=m: F.conv2d(x.detach(), w.detach(), None, m.stride, m.padding)

        def both(x=x, w=w, m=m):
            x.grad = w.grad = None
            F.conv2d(x, w, None, m.stride, m.padding).sum().backward()

        probes[key] = (x, w, fwd, both)
    for x, w, fwd, both in probes.values():  # a first pass over every layer, as Suite.java
        warm_up(p["conv_warmup"], both)
    best = 0
    for key, (m, shape) in layers.items():
        x, w, fwd, both = probes[key]
        with torch.no_grad():
            warm_up_until_steady(p["conv_warmup"], p["conv_block"], fwd)
            forward = statistics.median(seconds_per_call(p["conv_blocks"], p["conv_block"], fwd))
        warm_up_until_steady(p["conv_warmup"], p["conv_block"], both)
        train = statistics.median(seconds_per_call(p["conv_blocks"], p["conv_block"], both))
        out = F.conv2d(x.detach()[:1], w.detach(), None, m.stride, m.padding)
        flops = 2 * out.numel() * shape[1] * m.kernel_size[0] * m.kernel_size[1]
        best = max(best, 3 * flops * 64 / train / 1e9)
        emit("CONV", {"key": key, "layers": " ".join(users[key]), "forward_flops_per_image": flops,
                      "forward_us": forward * 1e6, "train_us": train * 1e6,
                      "forward_gflops": flops * 64 / forward / 1e9,
                      "train_gflops": 3 * flops * 64 / train / 1e9})
    r = header("convs")
    r.update(layers=len(layers), best_train_gflops=best)
    emit("RESULT", r)


def train_epoch(model, opt, x, y, seed):
    """One epoch over shuffled batches cut before the clock starts, as Nabla's Trainer.fit."""
    g = torch.Generator().manual_seed(seed)
    order = torch.randperm(len(x), generator=g)
    batches = [(x[order[i:i + TRAIN_BATCH]], y[order[i:i + TRAIN_BATCH]])
               for i in range(0, len(x), TRAIN_BATCH)]
    model.train()
    t0, total = time.perf_counter(), 0.0
    for bx, by in batches:
        opt.zero_grad()
        loss = F.cross_entropy(model(bx), by)
        loss.backward()
        opt.step()
        total += loss.item() * len(bx)
    return len(x) / (time.perf_counter() - t0), total / len(x)


def optimizer(name, model):
    if name == "sgd":
        return torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    if name == "adam":
        return torch.optim.Adam(model.parameters(), lr=0.002)
    raise SystemExit("optimizer must be sgd or adam, not " + name)


def mode_epochs(opt_name, epochs):
    data = fashion()
    if data is None:
        raise SystemExit("the epochs mode trains on Fashion-MNIST, which is not installed under "
                         + DATA + ": apt-get install dataset-fashion-mnist")
    torch.manual_seed(0)
    model = lenet()
    opt = optimizer(opt_name, model)
    rates, loss = [], float("nan")
    for e in range(epochs):
        rate, loss = train_epoch(model, opt, data[0], data[1], e + 1)
        rates.append(rate)
    r = header("lenet")
    r.update(optimizer=opt_name, epoch_images_per_s=rates, first_epoch_images_per_s=rates[0],
             steady_epoch_images_per_s=statistics.median(rates[1:]), final_train_loss=loss)
    emit("RESULT", r)


def mode_lenet_sample(opt_name, epochs):
    """The counterpart of the `lenet` sample as a whole process: load, train, test, save."""
    start = time.perf_counter()
    train, test = fashion("train"), fashion("test")
    if train is None or test is None:
        raise SystemExit("lenet-sample needs Fashion-MNIST: apt-get install dataset-fashion-mnist")
    torch.manual_seed(0)
    model = lenet()
    opt = optimizer(opt_name, model)
    for e in range(epochs):
        rate, loss = train_epoch(model, opt, train[0], train[1], e + 1)
        print("epoch %d: train loss %.4f (%.0f examples/s)" % (e + 1, loss, rate), flush=True)
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(test[0]), 1000):
            correct += (model(test[0][i:i + 1000]).argmax(1) == test[1][i:i + 1000]).sum().item()
    with tempfile.TemporaryDirectory() as d:
        torch.save(model.state_dict(), os.path.join(d, "lenet.pt"))
    r = header("lenet")
    r.update(epochs=epochs, test_accuracy=correct / len(test[0]),
             seconds=time.perf_counter() - start, peak_rss_mb=peak_rss_mb())
    emit("RESULT", r)


def main(argv):
    quick = "--quick" in argv
    args = [a for a in argv if a != "--quick"]
    p = QUICK if quick else FULL
    threads = int(os.environ.get("SUITE_THREADS", "2"))
    torch.set_num_threads(threads)
    mode = args[0] if args else ""
    if mode == "model" and len(args) == 2 and args[1] in MODELS:
        mode_model(args[1], p)
    elif mode == "convs":
        mode_convs(p)
    elif mode == "epochs" and len(args) == 3:
        mode_epochs(args[1], int(args[2]))
    elif mode == "params":
        r = header("params")
        for name, (build, channels, size) in MODELS.items():
            r[name] = params(build())
        for name, (build, channels, size) in MODELS.items():
            r[name + "_convs"] = [key for key, *_ in conv_layers(build(), channels, size)]
        emit("RESULT", r)
    elif mode == "lenet-sample":
        epochs = int(args[args.index("--epochs") + 1]) if "--epochs" in args else 1
        opt_name = args[args.index("--optimizer") + 1] if "--optimizer" in args else "sgd"
        mode_lenet_sample(opt_name, epochs)
    else:
        raise SystemExit("usage: suite.py model {%s} | convs | epochs sgd|adam N | params |"
                         " lenet-sample [--epochs N] [--optimizer sgd|adam]  [--quick]"
                         % "|".join(MODELS))


if __name__ == "__main__":
    main(sys.argv[1:])
