package io.nabla.ops.math;

import static io.nabla.ops.Ops.reshapeLike;

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

/**
 * The same elements in another shape; one target dimension may be {@code -1}, inferred from the
 * element count (as in numpy): {@code reshape(x, -1, 784)} flattens a batch of images.
 */
public final class Reshape implements Op {
  private final int[] target;

  public Reshape(int... target) {
    int inferred = 0;
    for (int d : target) {
      if (d < -1) {
        throw new IllegalArgumentException("reshape: " + Arrays.toString(target)
            + " has a dimension below -1; dimensions are sizes >= 0, or -1 for the one to infer");
      }
      inferred += d == -1 ? 1 : 0;
    }
    if (inferred > 1) {
      throw new IllegalArgumentException("reshape: " + Arrays.toString(target)
          + " has more than one -1; only one dimension can be inferred");
    }
    this.target = target.clone();
  }

  @Override
  public String type() {
    return "reshape";
  }

  @Override
  public Map<String, Object> attributes() {
    return Map.of("shape", target.clone());
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Shape x = ShapeRules.unary(this, in);
    long known = 1;
    int inferAt = -1;
    for (int i = 0; i < target.length; i++) {
      if (target[i] == -1) {
        inferAt = i;
      } else {
        known *= target[i];
      }
    }
    if (!x.isKnown()) {
      return Shape.of(target);
    }
    int size = x.size();
    int[] d = target.clone();
    if (inferAt >= 0) {
      if (known == 0 || size % known != 0) {
        throw new ShapeException("cannot reshape " + x.describe() + " (" + size
            + " elements) into " + Arrays.toString(target) + ": " + size
            + " is not a multiple of " + known);
      }
      d[inferAt] = (int) (size / known);
    } else if (known != size) {
      throw new ShapeException("cannot reshape " + x.describe() + " (" + size
          + " elements) into " + Arrays.toString(target) + " (" + known + " elements)");
    }
    return Shape.of(d);
  }

  @Override
  public void compute(OpContext c) {
    System.arraycopy(c.input(0).data(), 0, c.output().data(), 0, c.output().size());
  }

  @Override
  public List<Node> gradient(GradContext g) {
    return List.of(reshapeLike(g.upstream(), g.input(0)));
  }
}
