package io.nabla.ops.kernel;

import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;

/** Axis permutation: walks the output row-major and gathers from the input. */
public final class TransposeKernel {
  private static final int BLOCK = 32;

  private TransposeKernel() {}

  /** {@code out} axis {@code i} is {@code x} axis {@code perm[i]}. */
  public static void permute(Tensor x, int[] perm, Tensor out) {
    Shape xs = x.shape();
    float[] src = x.data();
    float[] dst = out.data();
    int rank = perm.length;
    if (rank == 2 && perm[0] == 1) {
      matrix(src, dst, xs.dim(0), xs.dim(1));
      return;
    }
    if (out.size() == 0) {
      return;
    }
    int[] xStrides = xs.strides();
    int[] step = new int[rank];
    int[] dims = out.shape().dims();
    for (int i = 0; i < rank; i++) {
      step[i] = xStrides[perm[i]];
    }
    int[] idx = new int[rank];
    int offset = 0;
    int n = out.size();
    int inner = rank == 0 ? 1 : dims[rank - 1];
    int innerStep = rank == 0 ? 0 : step[rank - 1];
    for (int o = 0; o < n; o += inner) {
      for (int j = 0; j < inner; j++) {
        dst[o + j] = src[offset + j * innerStep];
      }
      for (int d = rank - 2; d >= 0; d--) {
        idx[d]++;
        offset += step[d];
        if (idx[d] < dims[d]) {
          break;
        }
        offset -= step[d] * idx[d];
        idx[d] = 0;
      }
    }
  }

  /** Blocked 2-D transpose of a {@code rows × cols} matrix, kind to both caches. */
  private static void matrix(float[] src, float[] dst, int rows, int cols) {
    for (int r0 = 0; r0 < rows; r0 += BLOCK) {
      int r1 = Math.min(rows, r0 + BLOCK);
      for (int c0 = 0; c0 < cols; c0 += BLOCK) {
        int c1 = Math.min(cols, c0 + BLOCK);
        for (int r = r0; r < r1; r++) {
          for (int c = c0; c < c1; c++) {
            dst[c * rows + r] = src[r * cols + c];
          }
        }
      }
    }
  }
}
