package io.nabla.core.tensor;

import java.util.Optional;

/**
 * Numpy broadcasting: shapes are aligned on their last dimension; a dimension of 1 stretches to
 * match the other. Also the strided iteration that broadcasting kernels share.
 */
public final class Broadcast {
  private Broadcast() {}

  /**
   * The broadcast of two (possibly partial) shapes, or empty when they are incompatible. An
   * unknown dimension against a known size {@code n > 1} is taken to be {@code n} (or 1).
   */
  public static Optional<Shape> shapes(Shape a, Shape b) {
    int rank = Math.max(a.rank(), b.rank());
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      int da = dimFromEnd(a, rank - 1 - i);
      int db = dimFromEnd(b, rank - 1 - i);
      Integer d = merge(da, db);
      if (d == null) {
        return Optional.empty();
      }
      out[i] = d;
    }
    return Optional.of(Shape.of(out));
  }

  private static Integer merge(int a, int b) {
    if (a == b) {
      return a;
    }
    if (a == 1) {
      return b;
    }
    if (b == 1) {
      return a;
    }
    if (a == Shape.UNKNOWN) {
      return b;
    }
    if (b == Shape.UNKNOWN) {
      return a;
    }
    return null;
  }

  /** Dimension {@code k} counted from the end ({@code k = 0} is the last), 1 past the rank. */
  private static int dimFromEnd(Shape s, int k) {
    return k < s.rank() ? s.dim(s.rank() - 1 - k) : 1;
  }

  /** True when {@code from} broadcasts to exactly {@code to} (both concrete). */
  public static boolean broadcastsTo(Shape from, Shape to) {
    if (from.rank() > to.rank()) {
      return false;
    }
    for (int k = 0; k < from.rank(); k++) {
      int f = dimFromEnd(from, k);
      int t = dimFromEnd(to, k);
      if (f != t && f != 1) {
        return false;
      }
    }
    return true;
  }

  /**
   * Strides to read {@code in} while walking {@code out} row-major: aligned to {@code out}'s
   * rank, 0 where {@code in} is broadcast.
   */
  public static int[] strides(Shape in, Shape out) {
    int rank = out.rank();
    int[] inStrides = in.strides();
    int[] s = new int[rank];
    int offset = rank - in.rank();
    for (int i = 0; i < in.rank(); i++) {
      s[offset + i] = in.dim(i) == 1 && out.dim(offset + i) != 1 ? 0 : inStrides[i];
    }
    return s;
  }

  /**
   * Walks {@code out} row-major and calls {@code body} once per innermost row with the offset of
   * that row in {@code out} and in each input, given each input's {@link #strides}.
   */
  public static void forEachRow(Shape out, int[][] inputStrides, RowBody body) {
    int rank = out.rank();
    int n = out.size();
    if (n == 0) {
      return;
    }
    int inner = rank == 0 ? 1 : out.dim(rank - 1);
    int rows = inner == 0 ? 0 : n / inner;
    int[] idx = new int[Math.max(rank - 1, 0)];
    int[] offsets = new int[inputStrides.length];
    for (int row = 0; row < rows; row++) {
      body.row(row * inner, offsets);
      // odometer over the outer dimensions, keeping each input's offset in step
      for (int d = rank - 2; d >= 0; d--) {
        idx[d]++;
        for (int k = 0; k < offsets.length; k++) {
          offsets[k] += inputStrides[k][d];
        }
        if (idx[d] < out.dim(d)) {
          break;
        }
        for (int k = 0; k < offsets.length; k++) {
          offsets[k] -= inputStrides[k][d] * idx[d];
        }
        idx[d] = 0;
      }
    }
  }

  /** One innermost row of a broadcast walk. */
  @FunctionalInterface
  public interface RowBody {
    /** {@code inputOffsets[k]} is where input k's row starts; do not keep the array. */
    void row(int outOffset, int[] inputOffsets);
  }
}
