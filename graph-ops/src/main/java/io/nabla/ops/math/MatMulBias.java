package io.nabla.ops.math;

import static io.nabla.ops.Ops.reluGrad;
import static io.nabla.ops.Ops.sum;

import io.nabla.core.exec.Parallel;
import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Shape;
import io.nabla.ops.kernel.Gemm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A dense layer in one step: {@code op(a) · op(b) + bias}, then ReLU when asked, for 2-D
 * operands and a bias of one value per column. The bias and ReLU are applied in one pass over
 * the product while it is still in cache, instead of an {@code add} and a {@code relu} each
 * reading and writing a tensor of their own. The plan passes of {@code OpsPasses} build it from
 * {@code relu(add(matmul(a, b), bias))}; the results are bit-identical.
 */
public final class MatMulBias implements Op {
  private static final int GRAIN = 1 << 14;
  private final MatMul product;
  private final boolean transposeA;
  private final boolean transposeB;
  private final boolean relu;

  public MatMulBias(boolean transposeA, boolean transposeB, boolean relu) {
    this.product = new MatMul(transposeA, transposeB);
    this.transposeA = transposeA;
    this.transposeB = transposeB;
    this.relu = relu;
  }

  @Override
  public String type() {
    return relu ? "matmul_bias_relu" : "matmul_bias";
  }

  @Override
  public Map<String, Object> attributes() {
    return product.attributes();
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    ShapeRules.arity(this, in, 3);
    if (in.get(0).rank() != 2 || in.get(1).rank() != 2) {
      throw new ShapeException("operands must be 2-D, but a is " + in.get(0).describe()
          + " and b is " + in.get(1).describe());
    }
    Shape out = product.outputShape(in.subList(0, 2));
    Shape bias = in.get(2);
    int n = out.dim(1);
    if (bias.rank() != 1 || bias.dim(0) != n && bias.dim(0) != Shape.UNKNOWN
        && n != Shape.UNKNOWN) {
      throw new ShapeException("the bias must be [" + n + "], one per column of the product,"
          + " but is " + bias.describe());
    }
    return out;
  }

  @Override
  public void compute(OpContext c) {
    Shape out = c.output().shape();
    int m = out.dim(0);
    int n = out.dim(1);
    int k = c.input(0).shape().dim(transposeA ? 0 : 1);
    float[] y = c.output().data();
    float[] bias = c.input(2).data();
    Gemm.multiply(c.input(0).data(), 0, transposeA, c.input(1).data(), 0, transposeB, y, 0, m,
        n, k);
    Parallel.range(m, Math.max(1, GRAIN / Math.max(1, n)), (from, to) -> {
      for (int i = from; i < to; i++) {
        int row = i * n;
        if (relu) {
          for (int j = 0; j < n; j++) {
            // the same sum and the same max as add then relu, so the same bits
            y[row + j] = Math.max(y[row + j] + bias[j], 0f);
          }
        } else {
          for (int j = 0; j < n; j++) {
            y[row + j] = y[row + j] + bias[j];
          }
        }
      }
    });
  }

  /** The matmul's gradients of dz, and the bias's: dz summed over rows; dz = dy masked by ReLU. */
  @Override
  public List<Node> gradient(GradContext g) {
    // relu(z) > 0 exactly where z > 0, so the output gives ReLU's mask
    Node dz = relu ? reluGrad(g.upstream(), g.node()) : g.upstream();
    List<Node> grads = new ArrayList<>(product.gradient(new GradContext(g.node(), dz)));
    grads.add(sum(dz, false, 0));
    return grads;
  }
}
