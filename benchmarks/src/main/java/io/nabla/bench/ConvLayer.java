package io.nabla.bench;

import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Shape;
import io.nabla.nn.model.Model;
import io.nabla.ops.nn.Conv2d;
import io.nabla.ops.nn.Conv2dSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One convolution of a model, as its geometry: what the suite counts floating-point operations
 * for and times on its own. A forward pass is {@code 2·F·outH·outW·(C/groups)·kH·kW} operations
 * per image (a multiply and an add per filter tap, padding taps included, as PyTorch's and
 * oneDNN's counts do); the backward pass computes the input gradient and the filter gradient,
 * each as many again, so forward + backward is three times the forward count.
 */
record ConvLayer(String name, int inChannels, int filters, int kernelH, int kernelW,
    int inH, int inW, int outH, int outW, Conv2dSpec spec) {

  /** Every convolution of {@code model}, in graph order (the order layers were added). */
  static List<ConvLayer> of(Model model) {
    List<ConvLayer> layers = new ArrayList<>();
    for (Node n : model.graph().nodes()) {
      if (n.op() instanceof Conv2d conv) {
        Shape x = n.input(0).shape();
        Shape w = n.input(1).shape();
        Shape y = n.shape();
        layers.add(new ConvLayer(n.name(), x.dim(1), w.dim(0), w.dim(2), w.dim(3), x.dim(2),
            x.dim(3), y.dim(2), y.dim(3), conv.spec()));
      }
    }
    return layers;
  }

  /** Floating-point operations of the forward pass for one image. */
  long forwardFlopsPerImage() {
    return 2L * filters * outH * outW * (inChannels / spec.groups()) * kernelH * kernelW;
  }

  /**
   * The geometry as both sides of the suite spell it, e.g. {@code 16>32 3x3/2 32x32}: input
   * channels, filters, kernel, stride (when not 1), input size.
   */
  String key() {
    String stride = spec.strideH() == 1 && spec.strideW() == 1 ? ""
        : spec.strideH() == spec.strideW() ? "/" + spec.strideH()
        : "/" + spec.strideH() + "x" + spec.strideW();
    return String.format(Locale.ROOT, "%d>%d %dx%d%s %dx%d", inChannels, filters, kernelH,
        kernelW, stride, inH, inW);
  }
}
