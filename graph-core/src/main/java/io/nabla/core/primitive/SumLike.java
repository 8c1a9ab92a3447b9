package io.nabla.core.primitive;

import io.nabla.core.exec.Parallel;
import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Broadcast;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Sums {@code x} down to the run-time shape of {@code like}, undoing a broadcast: the gradient
 * of a broadcast input is the upstream gradient summed over the axes it was stretched along.
 * Inputs: {@code (x, like)}; only {@code x} is differentiable.
 */
public final class SumLike implements Op {
  /** Inputs smaller than this are summed on one thread. */
  private static final int PARALLEL_MIN = 1 << 16;

  @Override
  public String type() {
    return "sum_like";
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    ShapeRules.arity(this, inputs, 2);
    Shape x = inputs.get(0);
    Shape like = inputs.get(1);
    boolean ok = x.isKnown() && like.isKnown()
        ? Broadcast.broadcastsTo(like, x)
        : like.rank() <= x.rank() && Broadcast.shapes(like, x).isPresent();
    if (!ok) {
      throw new ShapeException("cannot sum " + x.describe() + " down to " + like.describe()
          + ": the target must broadcast to the source");
    }
    return like;
  }

  @Override
  public void compute(OpContext c) {
    sumTo(c.input(0), c.output());
  }

  /**
   * Sums {@code x} into {@code out}, whose shape must broadcast to {@code x}'s: each element of
   * {@code x} is added to the element of {@code out} it would have been broadcast from. Also the
   * kernel of sums over axes (with the reduced axes kept as size 1).
   */
  public static void sumTo(Tensor x, Tensor out) {
    float[] xd = x.data();
    float[] od = out.data();
    Shape xs = x.shape();
    if (xs.equals(out.shape())) {
      System.arraycopy(xd, 0, od, 0, out.size());
      return;
    }
    Arrays.fill(od, 0, out.size(), 0f);
    if (xs.rank() == 0) {
      od[0] = xd[0];
      return;
    }
    int[][] strides = {Broadcast.strides(out.shape(), xs)};
    int batch = xs.dim(0);
    if (strides[0][0] == 0 && batch > 1 && x.size() >= PARALLEL_MIN && Parallel.threads() > 1) {
      // summing over the batch (a bias gradient): each thread sums its slice of the batch into a
      // partial result of its own, then the partials are added in a fixed order
      int chunks = Math.min(Parallel.threads(), batch);
      int rowSize = x.size() / batch;
      float[][] partial = new float[chunks][out.size()];
      Parallel.range(chunks, 1, (from, to) -> {
        for (int ch = from; ch < to; ch++) {
          int r0 = (int) ((long) batch * ch / chunks);
          int r1 = (int) ((long) batch * (ch + 1) / chunks);
          accumulate(xd, r0 * rowSize, xs.withDim(0, r1 - r0), strides, partial[ch]);
        }
      });
      for (float[] p : partial) {
        for (int i = 0; i < p.length; i++) {
          od[i] += p[i];
        }
      }
      return;
    }
    accumulate(xd, 0, xs, strides, od);
  }

  /** Adds the block of {@code x} of shape {@code xs} starting at {@code base} into {@code od}. */
  private static void accumulate(float[] xd, int base, Shape xs, int[][] strides, float[] od) {
    int inner = xs.dim(-1);
    boolean innerKept = strides[0][xs.rank() - 1] != 0;
    Broadcast.forEachRow(xs, strides, (row, offsets) -> {
      int xo = base + row;
      int oo = offsets[0];
      if (innerKept) {
        for (int i = 0; i < inner; i++) {
          od[oo + i] += xd[xo + i];
        }
      } else {
        float acc = 0f;
        for (int i = 0; i < inner; i++) {
          acc += xd[xo + i];
        }
        od[oo] += acc;
      }
    });
  }

  @Override
  public List<Node> gradient(GradContext g) {
    return Arrays.asList(g.graph().apply(new BroadcastLike(), g.upstream(), g.input(0)), null);
  }

  @Override
  public boolean isDifferentiable(int index) {
    return index == 0;
  }
}
