package io.nabla.ops.kernel;

import java.util.Random;

/** Runs all three convolution kernels on the same data, for tests that compare two paths. */
final class ConvRuns {
  private ConvRuns() {}

  /** {@code {forward, input gradient, filter gradient}} of {@code x}, {@code w} and {@code dy}. */
  static float[][] run(ConvGeometry g, float[] x, float[] w, float[] bias, float[] dy) {
    float[] out = new float[dy.length];
    float[] dx = new float[x.length];
    float[] dw = new float[w.length];
    ConvKernel.forward(x, w, bias, out, g);
    ConvKernel.inputGrad(dy, w, dx, g);
    ConvKernel.filterGrad(x, dy, dw, g);
    return new float[][] {out, dx, dw};
  }

  /** {@code n} standard normal values. */
  static float[] random(Random r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextGaussian();
    }
    return a;
  }
}
