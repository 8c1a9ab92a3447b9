package io.nabla.ops.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The direct convolution (SIMD path, few channels) against the unfolded one, which the naive-loop
 * tests pin down: forward, input and filter gradients over shapes that exercise partial vectors,
 * padding up to the kernel size, several filter blocks and batches spanning image groups.
 */
class DirectConvTest {

  static Stream<Arguments> geometries() {
    return Stream.of(
        // n, c, h, w, f, kh, kw, padTop, padBottom, padLeft, padRight
        Arguments.of(3, 1, 28, 28, 6, 5, 5, 2, 2, 2, 2),      // LeNet conv1
        Arguments.of(17, 6, 14, 14, 16, 5, 5, 0, 0, 0, 0),    // LeNet conv2, three image groups
        Arguments.of(2, 3, 9, 40, 5, 3, 3, 1, 1, 1, 1),       // rows wider than two vectors
        Arguments.of(1, 2, 4, 5, 3, 3, 2, 2, 0, 0, 1),        // asymmetric padding
        Arguments.of(4, 1, 7, 3, 1, 1, 1, 0, 0, 0, 0),        // 1×1 kernel, one filter
        Arguments.of(9, 4, 6, 17, 9, 2, 4, 1, 0, 3, 2),       // 4 + 4 + 1 filters
        // filters across the lanes (with 16-float vectors): odd rows, overlapping tiles
        Arguments.of(3, 2, 9, 11, 32, 3, 3, 1, 1, 0, 0),
        Arguments.of(2, 3, 5, 9, 16, 1, 5, 0, 0, 0, 0),      // one tile per row
        Arguments.of(11, 2, 9, 9, 32, 5, 5, 1, 1, 1, 1));    // a part tile, two groups
  }

  @ParameterizedTest
  @MethodSource("geometries")
  void agreesWithTheUnfoldedConvolution(int n, int c, int h, int w, int f, int kh, int kw,
      int pt, int pb, int pl, int pr) {
    assumeTrue(Simd.directConv() != null, "the direct convolution is part of the SIMD path");
    ConvGeometry g = new ConvGeometry(n, c, h, w, f, kh, kw, h + pt + pb - kh + 1,
        w + pl + pr - kw + 1, pt, pl, 1, 1, 1, 1, 1);
    assertTrue(ConvKernel.direct(g), "geometry should take the direct path");
    Random r = new Random(n * 31 + c);
    float[] x = ConvRuns.random(r, n * c * h * w);
    float[] filters = ConvRuns.random(r, f * c * kh * kw);
    float[] bias = ConvRuns.random(r, f);
    float[] dy = ConvRuns.random(r, n * f * g.outPixels());
    float[][] direct = ConvRuns.run(g, x, filters, bias, dy);
    float[] directNoBias = new float[dy.length];
    ConvKernel.forward(x, filters, null, directNoBias, g);
    float[][] unfolded;
    float[] unfoldedNoBias = new float[dy.length];
    ConvKernel.useDirect = false;
    try {
      unfolded = ConvRuns.run(g, x, filters, bias, dy);
      ConvKernel.forward(x, filters, null, unfoldedNoBias, g);
    } finally {
      ConvKernel.useDirect = true;
    }
    for (int j = 0; j < dy.length; j++) {
      float tolerance = 1e-4f * (1 + Math.abs(unfoldedNoBias[j]));
      assertEquals(unfoldedNoBias[j], directNoBias[j], tolerance, "forward without bias " + j);
    }
    String[] what = {"forward", "input gradient", "filter gradient"};
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < direct[i].length; j++) {
        float tolerance = 1e-4f * (1 + Math.abs(unfolded[i][j]));
        assertEquals(unfolded[i][j], direct[i][j], tolerance, what[i] + " element " + j);
      }
    }
  }
}
