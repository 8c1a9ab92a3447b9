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
    float[] x = ConvRuns.random(r, 7 * 4 * 9 * 8);
    float[] w = ConvRuns.random(r, 6 * 2 * 3 * 3);
    float[] bias = ConvRuns.random(r, 6);
    float[] dy = ConvRuns.random(r, 7 * 6 * 5 * 4);
    float[][] whole = ConvRuns.run(g, x, w, bias, dy);
    int saved = ConvKernel.maxColumnsFloats;
    try {
      ConvKernel.maxColumnsFloats = 2 * g.patch() * g.outPixels();  // two images per chunk
      float[][] chunked = ConvRuns.run(g, x, w, bias, dy);
      for (int i = 0; i < whole.length; i++) {
        assertArrayEquals(whole[i], chunked[i], 1e-4f, "result " + i);
      }
    } finally {
      ConvKernel.maxColumnsFloats = saved;
    }
  }
}
