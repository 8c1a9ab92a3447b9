package io.nabla.ops.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Both 2×2 pooling paths (Vector API and scalar), plane by plane, bit for bit. */
class Pool2x2PathsTest {

  @Test
  void bothPathsPoolAndRouteGradientsAlike() throws Exception {
    Pool2x2Kernel vector = (Pool2x2Kernel) Class.forName("io.nabla.ops.kernel.VectorPool2x2")
        .getDeclaredConstructor().newInstance();
    Random r = new Random(7);
    float[] specials = {0f, -0f, 2f, Float.NaN, Float.NEGATIVE_INFINITY};
    // planes of even width (the gradient's SIMD case), around and beyond the vector width
    int[][] layouts = {{3, 28, 28}, {4, 10, 10}, {2, 6, 64}, {3, 9, 4}, {2, 2, 2}, {2, 14, 40}};
    for (int[] l : layouts) {
      int planes = l[0];
      int inH = l[1];
      int inW = l[2];
      int outH = inH / 2;
      int outW = inW / 2;
      float[] x = new float[planes * inH * inW];
      for (int i = 0; i < x.length; i++) {
        x[i] = r.nextInt(6) == 0 ? specials[r.nextInt(specials.length)] : r.nextInt(9) - 4f;
      }
      float[] dy = new float[planes * outH * outW];
      for (int i = 0; i < dy.length; i++) {
        dy[i] = r.nextFloat() - 0.5f;
      }
      float[][] y = new float[2][dy.length];
      float[][][] dx = new float[2][2][x.length];
      Pool2x2Kernel[] kernels = {vector, Pool2x2Kernel.SCALAR};
      for (int k = 0; k < 2; k++) {
        for (int p = 0; p < planes; p++) {
          int in = p * inH * inW;
          int out = p * outH * outW;
          kernels[k].poolPlane(x, y[k], in, out, inW, inH, outH, outW);
          kernels[k].gradPlane(x, dy, dx[k][0], in, out, inW, outH, outW, false);
          kernels[k].gradPlane(x, dy, dx[k][1], in, out, inW, outH, outW, true);
        }
      }
      String where = "layout " + Arrays.toString(l);
      assertBits(y[1], y[0], where + ", pooled");
      assertBits(dx[1][0], dx[0][0], where + ", gradient");
      assertBits(dx[1][1], dx[0][1], where + ", gradient after a ReLU");
    }
  }

  private static void assertBits(float[] expected, float[] actual, String what) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
          what + " at " + i + ": " + expected[i] + " vs " + actual[i]);
    }
  }
}
