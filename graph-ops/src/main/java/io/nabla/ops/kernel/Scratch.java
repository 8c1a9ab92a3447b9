package io.nabla.ops.kernel;

/**
 * Grow-only scratch arrays per thread, so kernels that need working memory (unfolded patches)
 * do not allocate on every call. The calling thread owns them for the duration of one kernel
 * call; parallel tasks of that call may write disjoint parts. Each kernel has slots of its own,
 * so a kernel running inside another (GEMM inside a convolution) never shares one.
 */
final class Scratch {
  /** Convolution by unfolding: the patches and the product. */
  static final int PATCHES = 0;
  static final int PRODUCT = 1;
  /** GEMM: a padded panel of B, a row of C, packed rows of A. */
  static final int GEMM_PANEL = 2;
  static final int GEMM_ROW = 3;
  static final int GEMM_PACKED = 4;
  /** GEMM: B transposed back to rows. */
  static final int GEMM_TRANSPOSED = 11;
  /** Direct convolution: padded images and gradients, per-group sums, flipped filters, a row. */
  static final int PADDED = 5;
  static final int DY_PADDED = 6;
  static final int PARTIAL = 7;
  static final int FLIPPED = 8;
  static final int ROW_TAIL = 9;
  static final int ACC = 10;
  /** Direct convolution: filters reordered by kernel row. */
  static final int ROW_TAPS = 12;
  /** Direct convolution: filters across the lanes. */
  static final int FILTER_LANES = 13;
  private static final int SLOTS = 14;
  private static final ThreadLocal<float[][]> ARRAYS =
      ThreadLocal.withInitial(() -> new float[SLOTS][0]);
  private static final ThreadLocal<int[][]> INTS = ThreadLocal.withInitial(() -> new int[1][0]);

  private Scratch() {}

  /** An array of at least {@code length} floats for slot {@code slot}; contents undefined. */
  static float[] get(int slot, int length) {
    float[][] arrays = ARRAYS.get();
    if (arrays[slot].length < length) {
      arrays[slot] = new float[length];
    }
    return arrays[slot];
  }

  /** An int array of at least {@code length}, the one int slot (offsets a kernel walks). */
  static int[] ints(int length) {
    int[][] arrays = INTS.get();
    if (arrays[0].length < length) {
      arrays[0] = new int[length];
    }
    return arrays[0];
  }
}
