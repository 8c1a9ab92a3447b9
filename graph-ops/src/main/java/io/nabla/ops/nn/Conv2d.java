package io.nabla.ops.nn;

import static io.nabla.ops.Ops.sum;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import io.nabla.ops.kernel.ConvKernel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * 2-D convolution of an NCHW input {@code [N,C,H,W]} with filters {@code [F,C/groups,kH,kW]} and
 * an optional bias {@code [F]}, giving {@code [N,F,outH,outW]}.
 *
 * <p>Like every framework, this computes the <em>cross-correlation</em>
 * {@code y[n,f,i,j] = Σ_c Σ_u Σ_v w[f,c,u,v] · x[n,c, i·s+u·d−p, j·s+v·d−p] + b[f]}: the filter is
 * not mirrored. The course's convolution flips the filter first (its {@code w[−u,−v]}); since the
 * filters are learned, the two differ only by how the learned filter is stored — to reproduce a
 * textbook convolution with a given kernel, pass the kernel rotated by 180°.
 */
public final class Conv2d implements Op {
  private final Conv2dSpec spec;

  public Conv2d(Conv2dSpec spec) {
    this.spec = spec;
  }

  public Conv2dSpec spec() {
    return spec;
  }

  @Override
  public String type() {
    return "conv2d";
  }

  @Override
  public Map<String, Object> attributes() {
    return spec.attributes();
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    if (in.size() != 2 && in.size() != 3) {
      throw new ShapeException("takes (input, filters) or (input, filters, bias) but was given "
          + in.size() + " inputs");
    }
    Shape out = ConvShapes.outputShape(in.get(0), in.get(1), spec);
    if (in.size() == 3) {
      Shape bias = in.get(2);
      int f = in.get(1).dim(0);
      if (bias.rank() != 1 || (bias.dim(0) != f && bias.dim(0) != Shape.UNKNOWN
          && f != Shape.UNKNOWN)) {
        throw new ShapeException("bias must be [" + f + "], one per filter, but is "
            + bias.describe());
      }
    }
    return out;
  }

  @Override
  public void compute(OpContext c) {
    float[] bias = c.inputCount() == 3 ? c.input(2).data() : null;
    ConvKernel.forward(c.input(0).data(), c.input(1).data(), bias, c.output().data(),
        ConvShapes.geometry(c.input(0).shape(), c.input(1).shape(), spec));
  }

  /** Input and filter gradients are ops of their own; the bias sums dy over N, H and W. */
  @Override
  public List<Node> gradient(GradContext g) {
    Node x = g.input(0);
    Node w = g.input(1);
    Node dy = g.upstream();
    List<Node> grads = new ArrayList<>();
    grads.add(g.graph().apply(new Conv2dInputGrad(spec), dy, w, x));
    grads.add(g.graph().apply(new Conv2dFilterGrad(spec), x, dy, w));
    if (g.node().inputs().size() == 3) {
      grads.add(sum(dy, false, 0, 2, 3));
    }
    return grads;
  }
}
