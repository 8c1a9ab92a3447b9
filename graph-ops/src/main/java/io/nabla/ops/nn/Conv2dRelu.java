package io.nabla.ops.nn;

import static io.nabla.ops.Ops.reluGrad;

import io.nabla.core.exec.Parallel;
import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import io.nabla.ops.kernel.ConvKernel;
import java.util.List;
import java.util.Map;

/**
 * {@code relu(conv2d(x, w, bias))} in one step: ReLU is applied in place on the convolution's
 * output, which saves the separate tensor a {@code relu} node would write. The plan passes of
 * {@code OpsPasses} build it when nothing else reads the convolution; bit-identical to the two
 * ops.
 */
public final class Conv2dRelu implements Op {
  private static final int GRAIN = 1 << 15;
  private final Conv2d conv;

  public Conv2dRelu(Conv2dSpec spec) {
    this.conv = new Conv2d(spec);
  }

  /** How the fused convolution slides its filters. */
  public Conv2dSpec spec() {
    return conv.spec();
  }

  @Override
  public String type() {
    return "conv2d_relu";
  }

  @Override
  public Map<String, Object> attributes() {
    return conv.attributes();
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    if (in.size() != 3) {
      throw new ShapeException("takes (input, filters, bias) but was given " + in.size()
          + " inputs");
    }
    return conv.outputShape(in);
  }

  @Override
  public void compute(OpContext c) {
    float[] y = c.output().data();
    ConvKernel.forward(c.input(0).data(), c.input(1).data(), c.input(2).data(), y,
        ConvShapes.geometry(c.input(0).shape(), c.input(1).shape(), conv.spec()));
    Parallel.range(c.output().size(), GRAIN, (from, to) -> {
      for (int i = from; i < to; i++) {
        y[i] = Math.max(y[i], 0f);
      }
    });
  }

  /** The convolution's gradients of dy masked by ReLU (the output is positive where z is). */
  @Override
  public List<Node> gradient(GradContext g) {
    return conv.gradient(new GradContext(g.node(), reluGrad(g.upstream(), g.node())));
  }
}
