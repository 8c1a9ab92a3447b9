package io.nabla.ops.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The batch is unfolded in chunks when it is large; chunked and whole must agree exactly. */
class ConvChunkingTest {

  @Test
  void chunkedBatchesGiveTheSameForwardAndGradients() {
    ConvGeometry g = new ConvGeometry(7, 4, 9, 8, 6, 3, 3, 5, 4, 1, 1, 2, 2, 1, 1, 2);
    Random r = new Random(5);
    float[] x = random(r, 7 * 4 * 9 * 8);
    float[] w = random(r, 6 * 2 * 3 * 3);
    float[] bias = random(r, 6);
    float[] dy = random(r, 7 * 6 * 5 * 4);
    float[][] whole = run(g, x, w, bias, dy);
    int saved = ConvKernel.maxColumnsFloats;
    try {
      ConvKernel.maxColumnsFloats = 2 * g.patch() * g.outPixels();  // two images per chunk
      float[][] chunked = run(g, x, w, bias, dy);
      for (int i = 0; i < whole.length; i++) {
        assertArrayEquals(whole[i], chunked[i], 1e-4f, "result " + i);
      }
    } finally {
      ConvKernel.maxColumnsFloats = saved;
    }
  }

  private static float[][] run(ConvGeometry g, float[] x, float[] w, float[] bias, float[] dy) {
    float[] out = new float[dy.length];
    float[] dx = new float[x.length];
    float[] dw = new float[w.length];
    ConvKernel.forward(x, w, bias, out, g);
    ConvKernel.inputGrad(dy, w, dx, g);
    ConvKernel.filterGrad(x, dy, dw, g);
    return new float[][] {out, dx, dw};
  }

  private static float[] random(Random r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextGaussian();
    }
    return a;
  }
}
