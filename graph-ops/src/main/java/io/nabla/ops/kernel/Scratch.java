package io.nabla.ops.kernel;

/**
 * Grow-only scratch arrays per thread, so kernels that need working memory (unfolded patches)
 * do not allocate on every call. The calling thread owns them for the duration of one kernel
 * call; parallel tasks of that call may write disjoint parts. Slots: 0 and 1 for convolution's
 * unfolded patches and products; 2–4 for the GEMM kernel's panels (GEMM runs inside a
 * convolution, so the two never share a slot).
 */
final class Scratch {
  private static final int SLOTS = 5;
  private static final ThreadLocal<float[][]> ARRAYS =
      ThreadLocal.withInitial(() -> new float[SLOTS][0]);

  private Scratch() {}

  /** An array of at least {@code length} floats for slot {@code slot}; contents undefined. */
  static float[] get(int slot, int length) {
    float[][] arrays = ARRAYS.get();
    if (arrays[slot].length < length) {
      arrays[slot] = new float[length];
    }
    return arrays[slot];
  }
}
