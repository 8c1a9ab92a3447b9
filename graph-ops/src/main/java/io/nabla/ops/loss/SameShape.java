package io.nabla.ops.loss;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code x} unchanged, once its shape is checked to equal {@code like}'s — while building and
 * again at run time. A loss puts it on its target when the static shapes have unknown dims
 * ({@code [?,?]} against {@code [?,?]}), so that a run-time {@code [4,1]} against {@code [1,4]}
 * is refused instead of broadcast to {@code [4,4]}. Inputs {@code (x, like)}; {@code like}
 * gives only its shape.
 */
public final class SameShape implements Op {
  private final String pair;

  /**
   * @param pair who must match, for the message, e.g. {@code mse: target 't' and output 'p'}
   */
  public SameShape(String pair) {
    this.pair = Objects.requireNonNull(pair, "pair");
  }

  @Override
  public String type() {
    return "same_shape";
  }

  @Override
  public Map<String, Object> attributes() {
    return Map.of("pair", pair);
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    ShapeRules.arity(this, in, 2);
    Shape x = in.get(0);
    Shape like = in.get(1);
    if (!x.canEqual(like)) {
      throw new ShapeException(pair + " must have one shape but are " + x.describe() + " and "
          + like.describe() + "; a loss never broadcasts them. Reshape one to the other's shape");
    }
    int[] dims = new int[x.rank()];
    for (int d = 0; d < dims.length; d++) {
      dims[d] = x.dim(d) == Shape.UNKNOWN ? like.dim(d) : x.dim(d);
    }
    return Shape.of(dims);
  }

  @Override
  public void compute(OpContext c) {
    System.arraycopy(c.input(0).data(), 0, c.output().data(), 0, c.output().size());
  }

  @Override
  public List<Node> gradient(GradContext g) {
    return Arrays.asList(g.upstream(), null);
  }

  @Override
  public boolean isDifferentiable(int index) {
    return index == 0;
  }
}
