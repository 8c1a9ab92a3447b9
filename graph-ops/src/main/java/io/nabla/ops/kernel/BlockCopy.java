package io.nabla.ops.kernel;

import io.nabla.core.exec.Parallel;
import io.nabla.core.tensor.Shape;

/**
 * Copies a rectangular block between two row-major tensors of one rank: the kernel of pad,
 * crop and concat. Whole innermost rows move with {@link System#arraycopy}.
 */
public final class BlockCopy {
  /** Below this many elements a copy runs on one thread. */
  private static final int GRAIN = 1 << 16;

  private BlockCopy() {}

  /**
   * Copies the block of size {@code extent} starting at {@code srcStart} in {@code src} (of
   * shape {@code srcShape}) to {@code dstStart} in {@code dst} (of shape {@code dstShape}).
   */
  public static void copy(float[] src, Shape srcShape, int[] srcStart, float[] dst,
      Shape dstShape, int[] dstStart, int[] extent) {
    int rank = extent.length;
    if (rank == 0) {
      dst[0] = src[0];
      return;
    }
    long rowsLong = 1;
    for (int d = 0; d < rank; d++) {
      if (extent[d] == 0) {
        return;
      }
      rowsLong *= d < rank - 1 ? extent[d] : 1;
    }
    int rows = (int) rowsLong;
    int inner = extent[rank - 1];
    int[] ss = srcShape.strides();
    int[] ds = dstShape.strides();
    int srcBase = offset(srcStart, ss);
    int dstBase = offset(dstStart, ds);
    Parallel.range(rows, Math.max(1, GRAIN / inner), (from, to) -> {
      // the coordinates of row `from` in the block's outer dimensions, then an odometer
      int[] idx = new int[rank];
      int r = from;
      for (int d = rank - 2; d >= 0; d--) {
        idx[d] = r % extent[d];
        r /= extent[d];
      }
      int so = srcBase + offset(idx, ss);
      int dO = dstBase + offset(idx, ds);
      for (int row = from; row < to; row++) {
        System.arraycopy(src, so, dst, dO, inner);
        for (int d = rank - 2; d >= 0; d--) {
          idx[d]++;
          so += ss[d];
          dO += ds[d];
          if (idx[d] < extent[d]) {
            break;
          }
          so -= ss[d] * idx[d];
          dO -= ds[d] * idx[d];
          idx[d] = 0;
        }
      }
    });
  }

  private static int offset(int[] index, int[] strides) {
    int o = 0;
    for (int d = 0; d < index.length; d++) {
      o += index[d] * strides[d];
    }
    return o;
  }
}
