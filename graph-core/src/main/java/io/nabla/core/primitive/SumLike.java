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
  /**
   * Elements per partial sum when a large sum over the batch is split, and the most partials.
   * The split depends on the shapes alone, never on the number of threads, so the order of
   * the additions, and with it the rounding, is the same on one thread as on many. Inputs
   * smaller than two partials are summed in one pass.
   */
  private static final int PARTIAL_ELEMENTS = 1 << 15;
  private static final int MAX_PARTIALS = 8;
  /** The partial sums' memory, per calling thread, so that a training step does not allocate. */
  private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

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
    Shape shape = x.shape();
    if (shape.equals(out.shape())) {
      System.arraycopy(xd, 0, od, 0, out.size());
      return;
    }
    Arrays.fill(od, 0, out.size(), 0f);
    if (shape.rank() == 0) {
      od[0] = xd[0];
      return;
    }
    int[][] strides = {Broadcast.strides(out.shape(), shape)};
    int kept = trailingReducedFrom(strides[0]);
    // trailing axes summed away (a convolution's bias gradient sums H·W per channel) are read
    // as one contiguous run per row instead of many short ones
    Shape xs = kept < shape.rank() - 1 ? collapsed(shape, kept) : shape;
    if (xs != shape) {
      strides[0] = Arrays.copyOf(strides[0], kept + 1);
    }
    int batch = xs.dim(0);
    int chunks = Math.min(Math.min(MAX_PARTIALS, batch), x.size() / PARTIAL_ELEMENTS);
    if (strides[0][0] == 0 && chunks > 1) {
      // summing over the batch (a bias gradient): fixed slices of the batch are summed into
      // partial results, in parallel, then the partials are added in a fixed order
      int rowSize = x.size() / batch;
      int size = out.size();
      float[] partial = scratch(chunks * size);
      // slices are batch / chunks rows or one more: their two shapes made once, not per slice
      Shape fewer = xs.withDim(0, batch / chunks);
      Shape more = xs.withDim(0, batch / chunks + 1);
      Parallel.range(chunks, 1, (from, to) -> {
        for (int ch = from; ch < to; ch++) {
          int r0 = (int) ((long) batch * ch / chunks);
          int r1 = (int) ((long) batch * (ch + 1) / chunks);
          Arrays.fill(partial, ch * size, (ch + 1) * size, 0f);
          accumulate(xd, r0 * rowSize, r1 - r0 == batch / chunks ? fewer : more, strides,
              partial, ch * size);
        }
      });
      for (int ch = 0; ch < chunks; ch++) {
        for (int i = 0; i < size; i++) {
          od[i] += partial[ch * size + i];
        }
      }
      return;
    }
    accumulate(xd, 0, xs, strides, od, 0);
  }

  private static float[] scratch(int length) {
    float[] s = SCRATCH.get();
    if (s.length < length) {
      s = new float[length];
      SCRATCH.set(s);
    }
    return s;
  }

  /**
   * Adds the block of {@code x} of shape {@code xs} starting at {@code base} into {@code od},
   * whose element 0 is at {@code odBase}.
   */
  private static void accumulate(float[] xd, int base, Shape xs, int[][] strides, float[] od,
      int odBase) {
    int inner = xs.dim(-1);
    boolean innerKept = strides[0][xs.rank() - 1] != 0;
    Broadcast.forEachRow(xs, strides, (row, offsets) -> {
      int xo = base + row;
      int oo = odBase + offsets[0];
      if (innerKept) {
        for (int i = 0; i < inner; i++) {
          od[oo + i] += xd[xo + i];
        }
      } else {
        od[oo] += sum(xd, xo, inner);
      }
    });
  }

  /** The first axis from which every axis is summed away (stride 0). */
  private static int trailingReducedFrom(int[] strides) {
    int k = strides.length;
    while (k > 0 && strides[k - 1] == 0) {
      k--;
    }
    return k;
  }

  /** {@code s} with the axes from {@code axis} on merged into one. */
  private static Shape collapsed(Shape s, int axis) {
    int[] dims = Arrays.copyOf(s.dims(), axis + 1);
    int run = 1;
    for (int i = axis; i < s.rank(); i++) {
      run *= s.dim(i);
    }
    dims[axis] = run;
    return Shape.of(dims);
  }

  /**
   * {@code x[from..from+n)} summed in eight interleaved partials: one running sum would wait
   * for each addition to finish (the JIT may not reorder float additions); the order is fixed.
   */
  private static float sum(float[] x, int from, int n) {
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    float s4 = 0f;
    float s5 = 0f;
    float s6 = 0f;
    float s7 = 0f;
    int i = from;
    for (int end = from + (n & ~7); i < end; i += 8) {
      s0 += x[i];
      s1 += x[i + 1];
      s2 += x[i + 2];
      s3 += x[i + 3];
      s4 += x[i + 4];
      s5 += x[i + 5];
      s6 += x[i + 6];
      s7 += x[i + 7];
    }
    for (int end = from + n; i < end; i++) {
      s0 += x[i];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
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
