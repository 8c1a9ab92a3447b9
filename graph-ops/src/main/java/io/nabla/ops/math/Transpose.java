package io.nabla.ops.math;

import static io.nabla.ops.Ops.transpose;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Shape;
import io.nabla.ops.kernel.TransposeKernel;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Permutes axes: output axis {@code i} is input axis {@code perm[i]}. */
public final class Transpose implements Op {
  private final int[] perm;

  /** {@code perm} must be a permutation of {@code 0..rank-1}. */
  public Transpose(int... perm) {
    this.perm = perm.clone();
    boolean[] seen = new boolean[perm.length];
    for (int p : perm) {
      if (p < 0 || p >= perm.length || seen[p]) {
        throw new IllegalArgumentException("transpose: " + Arrays.toString(perm)
            + " is not a permutation of 0.." + (perm.length - 1));
      }
      seen[p] = true;
    }
  }

  @Override
  public String type() {
    return "transpose";
  }

  @Override
  public Map<String, Object> attributes() {
    return Map.of("perm", perm.clone());
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Shape x = ShapeRules.unary(this, in);
    if (x.rank() != perm.length) {
      throw new ShapeException("permutation " + Arrays.toString(perm) + " has " + perm.length
          + " axes but the input " + x.describe() + " has rank " + x.rank());
    }
    int[] d = new int[perm.length];
    for (int i = 0; i < perm.length; i++) {
      d[i] = x.dim(perm[i]);
    }
    return Shape.of(d);
  }

  @Override
  public void compute(OpContext c) {
    TransposeKernel.permute(c.input(0), perm, c.output());
  }

  @Override
  public List<Node> gradient(GradContext g) {
    int[] inverse = new int[perm.length];
    for (int i = 0; i < perm.length; i++) {
      inverse[perm[i]] = i;
    }
    return List.of(transpose(g.upstream(), inverse));
  }
}
