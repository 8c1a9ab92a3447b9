package io.nabla.ops.nn;

import static io.nabla.ops.NnOps.crop;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.ops.kernel.BlockCopy;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Surrounds the input with {@code value}: {@code before[d]} elements in front of axis d and
 * {@code after[d]} behind it, one amount per axis. The inverse of {@link Crop}.
 */
public final class Pad implements Op {
  private final int[] before;
  private final int[] after;
  private final float value;

  /** Amounts per axis (arrays of the input's rank, each ≥ 0) and the fill value. */
  public Pad(int[] before, int[] after, float value) {
    checkAmounts("pad", before, after);
    if (Float.isNaN(value)) {
      throw new IllegalArgumentException("pad: the fill value is NaN; pad with a number (or"
          + " −∞ before a max)");
    }
    this.before = before.clone();
    this.after = after.clone();
    this.value = value;
  }

  /** Fails unless both arrays are given, have one length and hold no negative amount. */
  static void checkAmounts(String op, int[] before, int[] after) {
    if (before == null || after == null) {
      throw new IllegalArgumentException(op + ": the amounts before and after each axis must be"
          + " given (one per axis, 0 to leave an axis alone)");
    }
    if (before.length != after.length) {
      throw new IllegalArgumentException(op + ": " + before.length + " amounts before but "
          + after.length + " after (" + Arrays.toString(before) + " and "
          + Arrays.toString(after) + "); give one of each per axis");
    }
    for (int d = 0; d < before.length; d++) {
      if (before[d] < 0 || after[d] < 0) {
        throw new IllegalArgumentException(op + ": amounts must be >= 0, but axis " + d
            + " has " + before[d] + " before and " + after[d] + " after");
      }
    }
  }

  /** Fails unless {@code x} has one dimension per amount. */
  static void checkRank(Shape x, int[] amounts) {
    if (x.rank() != amounts.length) {
      throw new ShapeException("amounts are given for " + amounts.length
          + (amounts.length == 1 ? " axis" : " axes") + " but the input " + x.describe()
          + " has rank " + x.rank() + "; give one amount per axis (0 to leave an axis alone)");
    }
  }

  public int[] before() {
    return before.clone();
  }

  public int[] after() {
    return after.clone();
  }

  public float value() {
    return value;
  }

  @Override
  public String type() {
    return "pad";
  }

  @Override
  public Map<String, Object> attributes() {
    return value == 0f ? Map.of("before", before.clone(), "after", after.clone())
        : Map.of("before", before.clone(), "after", after.clone(), "value", value);
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Shape x = ShapeRules.unary(this, in);
    checkRank(x, before);
    int[] d = x.dims();
    for (int a = 0; a < d.length; a++) {
      if (d[a] != Shape.UNKNOWN) {
        d[a] += before[a] + after[a];
      }
    }
    return Shape.of(d);
  }

  @Override
  public void compute(OpContext c) {
    Tensor x = c.input(0);
    Tensor y = c.output();
    Arrays.fill(y.data(), 0, y.size(), value);
    BlockCopy.copy(x.data(), x.shape(), new int[before.length], y.data(), y.shape(), before,
        x.shape().dims());
  }

  /** dx = the upstream gradient with the padding cropped off. */
  @Override
  public List<Node> gradient(GradContext g) {
    return List.of(crop(g.upstream(), before, after));
  }
}
