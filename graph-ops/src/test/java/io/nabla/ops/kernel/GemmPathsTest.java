package io.nabla.ops.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Both GEMM paths (Vector API and scalar) against the naive triple loop. */
class GemmPathsTest {

  @Test
  void theVectorPathRunsInTests() {
    assertTrue(Simd.enabled(), "surefire starts the JVM with --add-modules"
        + " jdk.incubator.vector, so the SIMD path must be in use: " + Simd.describe());
  }

  @Test
  void bothPathsMatchTheNaiveProductOnAwkwardShapes() throws Exception {
    GemmKernel vector = (GemmKernel) Class.forName("io.nabla.ops.kernel.VectorGemm")
        .getDeclaredConstructor().newInstance();
    Random r = new Random(3);
    int[][] shapes = {{1, 1, 1}, {3, 5, 7}, {4, 32, 16}, {5, 33, 17}, {6, 784, 25},
        {16, 100, 150}, {17, 65, 300}, {64, 10, 84}, {37, 53, 29}, {128, 128, 128},
        {9, 1, 513}, {1, 70, 0}};
    for (int[] s : shapes) {
      int m = s[0];
      int n = s[1];
      int k = s[2];
      for (boolean ta : new boolean[] {false, true}) {
        for (boolean tb : new boolean[] {false, true}) {
          for (boolean acc : new boolean[] {false, true}) {
            float[] a = random(r, m * k);
            float[] b = random(r, k * n);
            float[] c0 = random(r, m * n);
            float[] expected = naive(a, ta, b, tb, c0, m, n, k, acc);
            for (GemmKernel kernel : new GemmKernel[] {vector, Simd.scalarGemm()}) {
              float[] c = c0.clone();
              Gemm.multiply(kernel, a, 0, ta, b, 0, tb, c, 0, m, n, k, acc);
              for (int i = 0; i < c.length; i++) {
                assertEquals(expected[i], c[i], 1e-3f * (1 + Math.abs(expected[i])),
                    kernel.describe() + " " + m + "x" + n + "x" + k + " ta=" + ta + " tb=" + tb
                        + " acc=" + acc + " at " + i);
              }
            }
          }
        }
      }
    }
  }

  @Test
  void offsetsAreHonoured() {
    Random r = new Random(4);
    float[] a = random(r, 3 + 6 * 5);
    float[] b = random(r, 2 + 5 * 40);
    float[] c = new float[7 + 6 * 40];
    Gemm.multiply(a, 3, false, b, 2, false, c, 7, 6, 40, 5);
    float expected = 0;
    for (int p = 0; p < 5; p++) {
      expected += a[3 + 2 * 5 + p] * b[2 + p * 40 + 31];
    }
    assertEquals(expected, c[7 + 2 * 40 + 31], 1e-5f);
  }

  @Test
  void zeroTimesInfinityStaysNaNOnBothPaths() {
    float[] a = {0f};
    float[] b = new float[64];
    b[5] = Float.POSITIVE_INFINITY;
    float[] c = new float[64];
    Gemm.multiply(a, 0, false, b, 0, false, c, 0, 1, 64, 1);
    assertTrue(Float.isNaN(c[5]));
    float[] d = new float[64];
    Gemm.multiply(Simd.scalarGemm(), a, 0, false, b, 0, false, d, 0, 1, 64, 1, false);
    assertTrue(Float.isNaN(d[5]));
  }

  private static float[] random(Random r, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) r.nextGaussian();
    }
    return x;
  }

  private static float[] naive(float[] a, boolean ta, float[] b, boolean tb, float[] c0, int m,
      int n, int k, boolean acc) {
    float[] c = new float[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = acc ? c0[i * n + j] : 0;
        for (int p = 0; p < k; p++) {
          s += (double) (ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
        }
        c[i * n + j] = (float) s;
      }
    }
    return c;
  }
}
