package io.nabla.ops.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every convolution kernel, forced through {@link ConvPlanner}, on every pass of geometries that
 * exercise odd sizes, strides, padding, channel counts that are no multiple of the vector width
 * and batch 1, against naive loops: bit-exact where the kernel sums in the loops' order (the
 * direct forward pass and input gradient sum taps by kernel row, then channel, then column, one
 * fused multiply-add at a time), within float tolerance elsewhere. The vector width is that of
 * the JVM: the build runs this class again with {@code -Dnabla.simd.bits=128} and 512 (skipped
 * where the CPU lacks it), see graph-ops' pom.
 */
class ConvKernelsTest {

  @BeforeAll
  static void theAskedWidthRunsHere() {
    int asked = Integer.getInteger("nabla.simd.bits", 0);
    assumeTrue(asked <= VectorWidth.widest(),
        "this CPU runs at most " + VectorWidth.widest() + "-bit vectors, not " + asked);
  }

  static Stream<Arguments> geometries() {
    return Stream.of(
        // n, c, h, w, f, kh, kw, padTop, padBottom, padLeft, padRight, stride
        Arguments.of(3, 1, 28, 28, 6, 5, 5, 2, 2, 2, 2, 1),      // LeNet conv1
        Arguments.of(17, 6, 14, 14, 16, 5, 5, 0, 0, 0, 0, 1),    // LeNet conv2, three groups
        Arguments.of(2, 16, 32, 32, 16, 3, 3, 1, 1, 1, 1, 1),    // VGG, ResNet
        Arguments.of(1, 19, 9, 13, 7, 3, 3, 1, 1, 1, 1, 1),      // batch 1, odd everything
        Arguments.of(9, 33, 8, 8, 40, 3, 3, 1, 1, 1, 1, 1),      // Inception's last 3×3
        Arguments.of(2, 3, 9, 40, 5, 3, 3, 1, 1, 1, 1, 1),       // rows wider than two vectors
        Arguments.of(1, 2, 4, 5, 3, 3, 2, 2, 0, 0, 1, 1),        // asymmetric padding
        Arguments.of(4, 5, 7, 3, 1, 1, 1, 0, 0, 0, 0, 1),        // 1×1 kernel, one filter
        Arguments.of(10, 40, 6, 6, 24, 1, 1, 0, 0, 0, 0, 1),     // DenseNet's transition
        Arguments.of(3, 16, 11, 11, 32, 1, 1, 0, 0, 0, 0, 2),    // ResNet's projection
        Arguments.of(2, 9, 13, 12, 10, 3, 3, 1, 1, 1, 1, 2),     // ResNet's downsampling
        Arguments.of(1, 1, 3, 3, 1, 3, 3, 1, 1, 1, 1, 2),        // strided, gradient fits direct
        Arguments.of(9, 4, 6, 17, 9, 2, 4, 1, 0, 3, 2, 1),       // 4 + 4 + 1 filters
        Arguments.of(3, 2, 9, 11, 32, 3, 3, 1, 1, 0, 0, 1),      // filters across the lanes
        Arguments.of(2, 3, 5, 9, 16, 1, 5, 0, 0, 0, 0, 1),       // one tile per row
        Arguments.of(11, 2, 9, 9, 32, 5, 5, 1, 1, 1, 1, 1),      // a part tile, two groups
        Arguments.of(2, 6, 8, 8, 12, 5, 5, 2, 2, 2, 2, 1));      // six input channels
  }

  @ParameterizedTest
  @MethodSource("geometries")
  void everyKernelAgreesWithNaiveLoops(int n, int c, int h, int w, int f, int kh, int kw,
      int pt, int pb, int pl, int pr, int stride) {
    ConvGeometry g = new ConvGeometry(n, c, h, w, f, kh, kw, (h + pt + pb - kh) / stride + 1,
        (w + pl + pr - kw) / stride + 1, pt, pl, stride, stride, 1, 1, 1);
    Random r = new Random(n * 31 + c);
    float[] x = ConvRuns.random(r, n * c * h * w);
    float[] filters = ConvRuns.random(r, f * c * kh * kw);
    float[] bias = ConvRuns.random(r, f);
    float[] dy = ConvRuns.random(r, n * f * g.outPixels());
    float[][] naive = {naiveForward(x, filters, bias, g), naiveInputGrad(dy, filters, g),
        naiveFilterGrad(x, dy, g)};
    int ran = 0;
    for (ConvAlgorithm kernel : ConvAlgorithm.values()) {
      for (ConvPlanner.Pass pass : ConvPlanner.Pass.values()) {
        if (!ConvPlanner.applies(kernel, g, pass)) {
          continue;
        }
        ran++;
        float[] got = run(kernel, pass, x, filters, bias, dy, g);
        float[] want = naive[pass.ordinal()];
        String what = kernel.label() + " " + pass + " at " + Simd.describe();
        for (int j = 0; j < want.length; j++) {
          float tolerance = 2e-5f * (1 + Math.abs(want[j])) * (float) Math.sqrt(g.patch() * n);
          assertEquals(want[j], got[j], tolerance, what + ", element " + j);
        }
        if (kernel == ConvAlgorithm.DIRECT && pass != ConvPlanner.Pass.FILTER_GRAD) {
          float[] ordered = pass == ConvPlanner.Pass.FORWARD
              ? orderedForward(x, filters, bias, g)
              : orderedForward(dy, ConvKernelsTestFlip.flip(filters, g), null,
                  ConvPlanner.backward(g));
          assertBitExact(ordered, got, what);
        }
      }
    }
    assertTrue(ran >= 3, "at least the unfolded kernel runs all three passes");
  }

  @Test
  void theNamedKernelIsTheOneThatRuns() {
    assumeTrue(Simd.directConv() != null, "the direct kernels are part of the SIMD path");
    ConvGeometry vgg = new ConvGeometry(64, 16, 32, 32, 16, 3, 3, 32, 32, 1, 1, 1, 1, 1, 1, 1);
    assertEquals(ConvAlgorithm.DIRECT, ConvPlanner.choose(vgg, ConvPlanner.Pass.FORWARD));
    ConvGeometry wide1x1 =
        new ConvGeometry(64, 512, 8, 8, 24, 1, 1, 8, 8, 0, 0, 1, 1, 1, 1, 1);
    assertEquals(ConvAlgorithm.POINTWISE_GEMM,
        ConvPlanner.choose(wide1x1, ConvPlanner.Pass.FILTER_GRAD));
    ConvGeometry strided =
        new ConvGeometry(64, 16, 32, 32, 32, 3, 3, 16, 16, 1, 1, 2, 2, 1, 1, 1);
    assertEquals(ConvAlgorithm.IM2COL_GEMM,
        ConvPlanner.choose(strided, ConvPlanner.Pass.INPUT_GRAD));
    ConvPlanner.forced = ConvAlgorithm.IM2COL_GEMM;
    try {
      assertEquals(ConvAlgorithm.IM2COL_GEMM, ConvPlanner.choose(vgg, ConvPlanner.Pass.FORWARD));
      assertEquals("conv forward [64,16,32,32] * [16,16,3,3] pad 1,1 stride 1,1",
          ConvPlanner.describe(vgg, ConvPlanner.Pass.FORWARD));
    } finally {
      ConvPlanner.forced = null;
    }
  }

  @Test
  void anUnknownKernelNameIsRefusedWithTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ConvAlgorithm.byLabel("winograd"));
    assertEquals("no convolution kernel 'winograd'; known: [im2col-gemm, pointwise-gemm, "
        + "direct, direct-filter-lanes]", e.getMessage());
  }

  @Test
  void theRequestedVectorWidthIsTheOneInUse() {
    assumeTrue(Simd.enabled(), "the SIMD path is on");
    int asked = Integer.getInteger("nabla.simd.bits", 0);
    assumeTrue(asked != 0, "no width asked for");
    assertEquals(asked, VectorWidth.S.vectorBitSize());
  }

  private static float[] run(ConvAlgorithm kernel, ConvPlanner.Pass pass, float[] x, float[] w,
      float[] bias, float[] dy, ConvGeometry g) {
    ConvAlgorithm saved = ConvPlanner.forced;
    ConvPlanner.forced = kernel;
    try {
      assertEquals(kernel, ConvPlanner.choose(g, pass), "forced kernel runs");
      switch (pass) {
        case FORWARD -> {
          float[] out = new float[dy.length];
          ConvKernel.forward(x, w, bias, out, g);
          return out;
        }
        case INPUT_GRAD -> {
          float[] dx = new float[x.length];
          ConvKernel.inputGrad(dy, w, dx, g);
          return dx;
        }
        default -> {
          float[] dw = new float[w.length];
          ConvKernel.filterGrad(x, dy, dw, g);
          return dw;
        }
      }
    } finally {
      ConvPlanner.forced = saved;
    }
  }

  private static void assertBitExact(float[] want, float[] got, String what) {
    List<Integer> differ = new ArrayList<>();
    for (int j = 0; j < want.length && differ.size() < 5; j++) {
      if (want[j] != got[j]) {
        differ.add(j);
      }
    }
    if (!differ.isEmpty()) {
      fail(what + " is not bit-exact with the ordered loops at " + differ + ", e.g. "
          + want[differ.get(0)] + " vs " + got[differ.get(0)]);
    }
  }

  /** Input value at {@code (n, c, y, x)} of the padded input, zero outside the image. */
  private static float at(float[] x, ConvGeometry g, int n, int c, int y, int col) {
    if (y < 0 || y >= g.h() || col < 0 || col >= g.w()) {
      return 0f;
    }
    return x[((n * g.c() + c) * g.h() + y) * g.w() + col];
  }

  /**
   * The forward pass in the direct kernel's order: from the bias, taps by kernel row, channel,
   * kernel column, one {@link Math#fma} each (stride 1).
   */
  static float[] orderedForward(float[] x, float[] w, float[] bias, ConvGeometry g) {
    float[] out = new float[g.n() * g.f() * g.outPixels()];
    for (int n = 0; n < g.n(); n++) {
      for (int f = 0; f < g.f(); f++) {
        for (int oy = 0; oy < g.outH(); oy++) {
          for (int ox = 0; ox < g.outW(); ox++) {
            float s = bias == null ? 0f : bias[f];
            for (int ki = 0; ki < g.kh(); ki++) {
              for (int c = 0; c < g.c(); c++) {
                for (int kj = 0; kj < g.kw(); kj++) {
                  float v = at(x, g, n, c, oy - g.padTop() + ki, ox - g.padLeft() + kj);
                  s = Math.fma(v, w[((f * g.c() + c) * g.kh() + ki) * g.kw() + kj], s);
                }
              }
            }
            out[((n * g.f() + f) * g.outH() + oy) * g.outW() + ox] = s;
          }
        }
      }
    }
    return out;
  }

  /** The textbook sum, in double. */
  static float[] naiveForward(float[] x, float[] w, float[] bias, ConvGeometry g) {
    float[] out = new float[g.n() * g.f() * g.outPixels()];
    for (int n = 0; n < g.n(); n++) {
      for (int f = 0; f < g.f(); f++) {
        for (int oy = 0; oy < g.outH(); oy++) {
          for (int ox = 0; ox < g.outW(); ox++) {
            double s = bias[f];
            for (int c = 0; c < g.c(); c++) {
              for (int ki = 0; ki < g.kh(); ki++) {
                for (int kj = 0; kj < g.kw(); kj++) {
                  s += (double) at(x, g, n, c, oy * g.strideH() - g.padTop() + ki,
                      ox * g.strideW() - g.padLeft() + kj)
                      * w[((f * g.c() + c) * g.kh() + ki) * g.kw() + kj];
                }
              }
            }
            out[((n * g.f() + f) * g.outH() + oy) * g.outW() + ox] = (float) s;
          }
        }
      }
    }
    return out;
  }

  /** Each output gradient spread back over its patch, in double. */
  static float[] naiveInputGrad(float[] dy, float[] w, ConvGeometry g) {
    double[] dx = new double[g.n() * g.c() * g.h() * g.w()];
    forEachTap(g, (n, f, c, oy, ox, ki, kj, y, col) -> {
      dx[((n * g.c() + c) * g.h() + y) * g.w() + col] +=
          (double) dy[((n * g.f() + f) * g.outH() + oy) * g.outW() + ox]
              * w[((f * g.c() + c) * g.kh() + ki) * g.kw() + kj];
    });
    return toFloats(dx);
  }

  /** {@code dw[f,c,ki,kj] = Σ dy · x} over the batch and the output, in double. */
  static float[] naiveFilterGrad(float[] x, float[] dy, ConvGeometry g) {
    double[] dw = new double[g.f() * g.c() * g.kh() * g.kw()];
    forEachTap(g, (n, f, c, oy, ox, ki, kj, y, col) -> {
      dw[((f * g.c() + c) * g.kh() + ki) * g.kw() + kj] +=
          (double) dy[((n * g.f() + f) * g.outH() + oy) * g.outW() + ox]
              * x[((n * g.c() + c) * g.h() + y) * g.w() + col];
    });
    return toFloats(dw);
  }

  private interface Tap {
    void at(int n, int f, int c, int oy, int ox, int ki, int kj, int y, int col);
  }

  /** Every (output position, filter, tap) whose input lies inside the image. */
  private static void forEachTap(ConvGeometry g, Tap tap) {
    for (int n = 0; n < g.n(); n++) {
      for (int f = 0; f < g.f(); f++) {
        for (int oy = 0; oy < g.outH(); oy++) {
          for (int ox = 0; ox < g.outW(); ox++) {
            for (int c = 0; c < g.c(); c++) {
              for (int ki = 0; ki < g.kh(); ki++) {
                for (int kj = 0; kj < g.kw(); kj++) {
                  int y = oy * g.strideH() - g.padTop() + ki;
                  int col = ox * g.strideW() - g.padLeft() + kj;
                  if (y >= 0 && y < g.h() && col >= 0 && col < g.w()) {
                    tap.at(n, f, c, oy, ox, ki, kj, y, col);
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  private static float[] toFloats(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }
}
