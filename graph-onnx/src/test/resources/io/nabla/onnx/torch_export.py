"""Small PyTorch nets exported with torch.onnx.export, each with a fixed batch and its logits.

Usage: torch_export.py OUT_DIR. For each of lenet, vgg, resnet, dense and inception writes
NAME.onnx (opset 17, batch dimension dynamic), NAME.input.f32 (a [5,1,28,28] batch) and
NAME.logits.f32 ([5,10]), raw little-endian float32.
"""
import sys

import numpy as np
import torch
from torch import nn

out = sys.argv[1]
torch.manual_seed(3)


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.bn = nn.BatchNorm2d(16)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = torch.max_pool2d(torch.relu(self.conv1(x)), 2)
        x = torch.max_pool2d(torch.relu(self.bn(self.conv2(x))), 2)
        x = x.view(x.size(0), -1)  # the Shape/Gather/Unsqueeze/Concat chain
        x = torch.relu(self.fc1(x))
        x = nn.functional.dropout(torch.relu(self.fc2(x)), 0.3, self.training)
        return self.fc3(x)


def conv_bn_relu(cin, cout, k, stride=1):
    return nn.Sequential(nn.Conv2d(cin, cout, k, stride, k // 2, bias=False),
                         nn.BatchNorm2d(cout), nn.ReLU())


class Residual(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.body = nn.Sequential(conv_bn_relu(cin, cout, 3, stride),
                                  nn.Conv2d(cout, cout, 3, 1, 1), nn.BatchNorm2d(cout))
        self.skip = (nn.Identity() if stride == 1 and cin == cout
                     else nn.Conv2d(cin, cout, 1, stride))

    def forward(self, x):
        return torch.relu(self.body(x) + self.skip(x))


class DenseBlock(nn.Module):
    def __init__(self, cin, growth, layers):
        super().__init__()
        self.layers = nn.ModuleList(
            conv_bn_relu(cin + i * growth, growth, 3) for i in range(layers))

    def forward(self, x):
        for layer in self.layers:
            x = torch.cat([x, layer(x)], 1)
        return x


class Inception(nn.Module):
    def __init__(self, cin, b1, b3r, b3, b5r, b5, pool):
        super().__init__()
        self.one = conv_bn_relu(cin, b1, 1)
        self.three = nn.Sequential(conv_bn_relu(cin, b3r, 1), conv_bn_relu(b3r, b3, 3))
        self.five = nn.Sequential(conv_bn_relu(cin, b5r, 1), conv_bn_relu(b5r, b5, 5))
        self.pool = nn.Sequential(nn.MaxPool2d(3, 1, 1), conv_bn_relu(cin, pool, 1))

    def forward(self, x):
        return torch.cat([self.one(x), self.three(x), self.five(x), self.pool(x)], 1)


nets = {
    "lenet": LeNet(),
    "vgg": nn.Sequential(conv_bn_relu(1, 8, 3), conv_bn_relu(8, 8, 3), nn.MaxPool2d(2),
                         conv_bn_relu(8, 16, 3), nn.MaxPool2d(2), nn.Flatten(),
                         nn.Dropout(0.3), nn.Linear(16 * 7 * 7, 32), nn.ReLU(),
                         nn.Linear(32, 10)),
    "resnet": nn.Sequential(conv_bn_relu(1, 8, 3), Residual(8, 8, 1), Residual(8, 16, 2),
                            nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(16, 10)),
    "dense": nn.Sequential(nn.Conv2d(1, 8, 3, 1, 1), DenseBlock(8, 4, 3), nn.BatchNorm2d(20),
                           nn.ReLU(), nn.Conv2d(20, 12, 1), nn.AvgPool2d(2),
                           DenseBlock(12, 4, 2), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                           nn.Linear(20, 10)),
    "inception": nn.Sequential(conv_bn_relu(1, 8, 3), nn.MaxPool2d(2),
                               Inception(8, 4, 4, 8, 2, 4, 4), nn.MaxPool2d(2), nn.Flatten(),
                               nn.Linear(20 * 7 * 7, 10)),
}
for name, model in nets.items():
    with torch.no_grad():  # running statistics away from 0 and 1, so they matter
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 1.5)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.5, 0.5)
    model.eval()
    x = torch.randn(5, 1, 28, 28)
    torch.onnx.export(model, x, out + "/" + name + ".onnx", opset_version=17,
                      input_names=["image"], output_names=["logits"],
                      dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}},
                      do_constant_folding=False)
    x.numpy().astype("<f4").tofile(out + "/" + name + ".input.f32")
    with torch.no_grad():
        model(x).numpy().astype("<f4").tofile(out + "/" + name + ".logits.f32")
    print("exported", name)
