package io.nabla.ops.math;

import static io.nabla.ops.Ops.matmul;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.ops.kernel.Gemm;
import java.util.List;
import java.util.Map;

/**
 * Matrix product {@code op(a) · op(b)}, where {@code op} transposes the last two axes when asked.
 * Operands are 2-D {@code [m,k]·[k,n]} or batched 3-D {@code [B,m,k]·[B,k,n]}; a 2-D operand
 * next to a 3-D one is shared by every batch entry.
 */
public final class MatMul implements Op {
  private final boolean transposeA;
  private final boolean transposeB;

  public MatMul(boolean transposeA, boolean transposeB) {
    this.transposeA = transposeA;
    this.transposeB = transposeB;
  }

  @Override
  public String type() {
    return "matmul";
  }

  @Override
  public Map<String, Object> attributes() {
    return transposeA || transposeB
        ? Map.of("transpose_a", transposeA, "transpose_b", transposeB) : Map.of();
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    ShapeRules.arity(this, in, 2);
    Shape a = in.get(0);
    Shape b = in.get(1);
    for (Shape s : in) {
      if (s.rank() != 2 && s.rank() != 3) {
        throw new ShapeException("operands must be 2-D or 3-D (batched), but a is "
            + a.describe() + " and b is " + b.describe());
      }
    }
    int m = a.dim(transposeA ? -1 : -2);
    int ka = a.dim(transposeA ? -2 : -1);
    int kb = b.dim(transposeB ? -1 : -2);
    int n = b.dim(transposeB ? -2 : -1);
    if (ka != kb && ka != Shape.UNKNOWN && kb != Shape.UNKNOWN) {
      throw new ShapeException("inner dimensions differ: a " + a.describe() + " · b "
          + b.describe() + " (" + ka + " ≠ " + kb + "). Did the previous layer produce " + ka
          + " features instead of " + kb + "?");
    }
    if (a.rank() == 2 && b.rank() == 2) {
      return Shape.of(m, n);
    }
    int batchA = a.rank() == 3 ? a.dim(0) : Shape.UNKNOWN;
    int batchB = b.rank() == 3 ? b.dim(0) : Shape.UNKNOWN;
    if (a.rank() == 3 && b.rank() == 3 && batchA != batchB && batchA != Shape.UNKNOWN
        && batchB != Shape.UNKNOWN) {
      throw new ShapeException("batch sizes differ: a " + a.describe() + " · b "
          + b.describe());
    }
    return Shape.of(a.rank() == 3 && batchA != Shape.UNKNOWN ? batchA : batchB, m, n);
  }

  @Override
  public void compute(OpContext c) {
    Tensor a = c.input(0);
    Tensor b = c.input(1);
    Shape out = c.output().shape();
    int m = out.dim(-2);
    int n = out.dim(-1);
    int k = a.shape().dim(transposeA ? -2 : -1);
    int batches = out.rank() == 3 ? out.dim(0) : 1;
    int aStep = a.shape().rank() == 3 ? m * k : 0;
    int bStep = b.shape().rank() == 3 ? k * n : 0;
    for (int i = 0; i < batches; i++) {
      Gemm.multiply(a.data(), i * aStep, transposeA, b.data(), i * bStep, transposeB,
          c.output().data(), i * m * n, m, n, k);
    }
  }

  /** With C = op(A)·op(B): d op(A) = dC·op(B)ᵀ and d op(B) = op(A)ᵀ·dC, transposed back. */
  @Override
  public List<Node> gradient(GradContext g) {
    Node a = g.input(0);
    Node b = g.input(1);
    Node dc = g.upstream();
    Node da = transposeA ? matmul(b, dc, transposeB, true) : matmul(dc, b, false, !transposeB);
    Node db = transposeB ? matmul(dc, a, true, transposeA) : matmul(a, dc, !transposeA, false);
    return List.of(da, db);
  }
}
