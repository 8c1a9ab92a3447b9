"""LeNet-5 in PyTorch, exported with torch.onnx.export, with a fixed batch and its logits.

Usage: torch_lenet_export.py OUT_DIR. Writes lenet.onnx (opset 17, batch dimension dynamic),
input.f32 (a [5,1,28,28] batch) and logits.f32 ([5,10]), both raw little-endian float32.
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


model = LeNet()
with torch.no_grad():  # running statistics away from 0 and 1, so they matter
    model.bn.running_mean.uniform_(-0.5, 0.5)
    model.bn.running_var.uniform_(0.5, 1.5)
model.eval()
x = torch.randn(5, 1, 28, 28)
torch.onnx.export(model, x, out + "/lenet.onnx", opset_version=17, input_names=["image"],
                  output_names=["logits"],
                  dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}},
                  do_constant_folding=False)
x.numpy().astype("<f4").tofile(out + "/input.f32")
with torch.no_grad():
    model(x).numpy().astype("<f4").tofile(out + "/logits.f32")
print("exported")
