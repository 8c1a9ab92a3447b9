package io.nabla.ops.kernel;

/** The filters as the input gradient's forward convolution reads them (rotated, swapped). */
final class ConvKernelsTestFlip {
  private ConvKernelsTestFlip() {}

  static float[] flip(float[] w, ConvGeometry g) {
    float[] flipped = new float[w.length];
    int k = g.kh() * g.kw();
    for (int f = 0; f < g.f(); f++) {
      for (int c = 0; c < g.c(); c++) {
        for (int t = 0; t < k; t++) {
          flipped[(c * g.f() + f) * k + (k - 1 - t)] = w[(f * g.c() + c) * k + t];
        }
      }
    }
    return flipped;
  }
}
