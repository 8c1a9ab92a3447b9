package io.nabla.onnx;

import static io.nabla.ops.NnOps.avgPool2d;
import static io.nabla.ops.NnOps.batchNorm;
import static io.nabla.ops.NnOps.conv2d;
import static io.nabla.ops.NnOps.maxPool2d;

import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Tensor;
import io.nabla.ops.NnOps;
import io.nabla.ops.Ops;
import io.nabla.ops.nn.BatchNormNodes;
import io.nabla.ops.nn.Conv2dSpec;
import io.nabla.ops.nn.Padding;
import io.nabla.ops.nn.Window2d;
import java.util.Arrays;

/**
 * The ONNX ops over image windows, imported for a {@link NodeImporter}: Conv, ConvTranspose,
 * MaxPool, AveragePool, BatchNormalization and Resize.
 */
final class WindowImports {
  private final NodeImporter n;

  WindowImports(NodeImporter n) {
    this.n = n;
  }

  void conv() {
    Node x = n.in(0);
    Node w = n.in(1);
    n.requireRank(x, 4);
    int[] kernel = n.ints("kernel_shape", new int[] {w.shape().dim(2), w.shape().dim(3)});
    int[] strides = n.ints("strides", new int[] {1, 1});
    int[] dilations = n.ints("dilations", new int[] {1, 1});
    Conv2dSpec spec = new Conv2dSpec(strides[0], strides[1], dilations[0], dilations[1],
        padding(kernel), (int) n.intAttr("group", 1));
    n.put(n.has(2) ? conv2d(x, w, n.in(2), spec) : conv2d(x, w, spec));
  }

  /** The adjoint of Conv; ONNX's pads are those of that convolution, as Nabla's padding is. */
  void convTranspose() {
    Node x = n.in(0);
    Node w = n.in(1);
    n.requireRank(x, 4);
    if (n.attr("output_shape") != null) {
      throw n.fail("gives output_shape; give pads and output_padding instead");
    }
    if (!"NOTSET".equals(n.stringAttr("auto_pad", "NOTSET"))
        && !"VALID".equals(n.stringAttr("auto_pad", "NOTSET"))) {
      throw n.fail("has auto_pad " + n.stringAttr("auto_pad", "") + "; supported are explicit pads"
          + " and VALID");
    }
    int[] kernel = n.ints("kernel_shape", new int[] {w.shape().dim(2), w.shape().dim(3)});
    int[] strides = n.ints("strides", new int[] {1, 1});
    int[] dilations = n.ints("dilations", new int[] {1, 1});
    int[] outputPadding = n.ints("output_padding", new int[] {0, 0});
    Conv2dSpec spec = new Conv2dSpec(strides[0], strides[1], dilations[0], dilations[1],
        padding(kernel), (int) n.intAttr("group", 1));
    n.put(io.nabla.ops.NnOps.conv2dTranspose(x, w, n.has(2) ? n.in(2) : null, spec, outputPadding[0],
        outputPadding[1]));
  }

  /**
   * Resize by constant scales [1, 1, sH, sW]: nearest with asymmetric coordinates rounded down,
   * or linear with (PyTorch's) half-pixel coordinates — what Nabla's upsample2d computes.
   */
  void resize() {
    Node x = n.in(0);
    n.requireRank(x, 4);
    Tensor scales = n.has(2) ? n.values().constants.get(n.node().getInput(2)) : null;
    if (scales == null || scales.size() != 4 || scales.get(0) != 1 || scales.get(1) != 1) {
      throw n.fail("needs constant scales [1, 1, sH, sW] (sizes are not supported)");
    }
    String mode = n.stringAttr("mode", "nearest");
    String coordinates = n.stringAttr("coordinate_transformation_mode", "half_pixel");
    io.nabla.ops.nn.Upsampling.Mode how;
    if (mode.equals("nearest") && coordinates.equals("asymmetric")
        && n.stringAttr("nearest_mode", "round_prefer_floor").equals("floor")) {
      how = io.nabla.ops.nn.Upsampling.Mode.NEAREST;
    } else if (mode.equals("linear")
        && (coordinates.equals("pytorch_half_pixel") || coordinates.equals("half_pixel"))) {
      how = io.nabla.ops.nn.Upsampling.Mode.BILINEAR;
    } else {
      throw n.fail("has mode " + mode + " with coordinate_transformation_mode " + coordinates
          + "; supported are nearest (asymmetric, nearest_mode floor) and linear (half_pixel or"
          + " pytorch_half_pixel)");
    }
    n.put(io.nabla.ops.NnOps.upsample2d(x, new io.nabla.ops.nn.Upsampling(how, scales.get(2),
        scales.get(3))));
  }

  private Padding padding(int[] kernel) {
    String auto = n.stringAttr("auto_pad", "NOTSET");
    switch (auto) {
      case "SAME_UPPER":
        return Padding.same();
      case "VALID":
        return Padding.valid();
      case "NOTSET":
        int[] p = n.ints("pads", new int[] {0, 0, 0, 0});
        if (p.length != 4) {
          throw n.fail("has pads " + Arrays.toString(p) + "; only 2-D windows are supported");
        }
        return Padding.of(p[0], p[2], p[1], p[3]);
      default:
        throw n.fail("has auto_pad " + auto + "; supported are NOTSET (explicit pads),"
            + " SAME_UPPER and VALID");
    }
  }

  void pool(boolean max) {
    Node x = n.in(0);
    n.requireRank(x, 4);
    if (n.intAttr("ceil_mode", 0) != 0) {
      throw n.fail("has ceil_mode 1; Nabla's pooling rounds the output size down (ceil_mode 0)");
    }
    int[] kernel = n.ints("kernel_shape", null);
    if (kernel == null || kernel.length != 2) {
      throw n.fail("needs a 2-D kernel_shape, not " + Arrays.toString(kernel));
    }
    int[] strides = n.ints("strides", new int[] {1, 1});
    int[] dilations = n.ints("dilations", new int[] {1, 1});
    Padding padding = padding(kernel);
    if (!max && n.intAttr("count_include_pad", 0) == 0 && !padding.equals(Padding.valid())
        && !padding.equals(Padding.of(0))) {
      throw n.fail("averages without counting padded positions (count_include_pad 0) over a"
          + " padded input; Nabla's average pooling counts them, as count_include_pad 1 does");
    }
    if (n.node().getOutputCount() > 1) {
      throw n.fail("asks for the indices of the maxima, which are not supported");
    }
    Window2d window = new Window2d(kernel[0], kernel[1], strides[0], strides[1], dilations[0],
        dilations[1], padding);
    n.put(max ? maxPool2d(x, window) : avgPool2d(x, window));
  }

  /** ONNX's running average is {@code m·running + (1 − m)·batch}; Nabla's weighs the batch. */
  void batchNorm2() {
    Node x = n.in(0);
    if (n.intAttr("training_mode", 0) != 0) {
      throw n.fail("is in training mode; import the inference graph");
    }
    Node mean = n.in(3);
    Node var = n.in(4);
    BatchNormNodes bn = batchNorm(x, n.in(1), n.in(2), mean, var, n.floatAttr("epsilon", 1e-5f));
    float momentum = 1f - n.floatAttr("momentum", 0.9f);
    int rank = x.shape().rank();
    Node perChannel = rank == 4 ? Ops.count(x, 0, 2, 3) : Ops.count(x, 0);
    n.ctx().runningAverage(mean, bn.batchMean(), momentum, null);
    n.ctx().runningAverage(var, bn.batchVariance(), momentum, perChannel);
    n.put(bn.output());
  }

  // ---- shapes ----
}
