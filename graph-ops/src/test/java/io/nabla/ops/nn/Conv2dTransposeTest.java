package io.nabla.ops.nn;

import static io.nabla.ops.NnOps.conv2dTranspose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.exec.Session;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.ops.Ops;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Conv2dTransposeTest {
  private static final Tensor X = Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);

  private static Tensor run(Tensor x, Tensor w, Tensor bias, Conv2dSpec spec, int outPadH,
      int outPadW) {
    Graph g = new Graph();
    Node xn = g.placeholder("x", -1, x.shape().dim(1), x.shape().dim(2), x.shape().dim(3));
    Node y = conv2dTranspose(xn, g.constant("w", w), bias == null ? null : g.constant("b", bias),
        spec, outPadH, outPadW);
    return new Session(g).run(Map.of(xn, x), y).get(y);
  }

  @Test
  void strideOneSpreadsEachPixelOverTheKernel() {
    // out[i,j] = Σ x[a,b] · w[i−a, j−b]: the full 3×3 "convolution" of two 2×2 arrays
    Tensor y = run(X, Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 2, 2), null,
        Conv2dSpec.defaults(), 0, 0);
    assertEquals(Shape.of(1, 1, 3, 3), y.shape());
    assertArrayEquals(new float[] {1, 4, 4, 6, 20, 16, 9, 24, 16}, y.toArray());
  }

  @Test
  void strideTwoWithAKernelOfTwoRepeatsEachPixelAsABlock() {
    Tensor y = run(X, Tensor.of(new float[] {1, 1, 1, 1}, 1, 1, 2, 2), null,
        Conv2dSpec.defaults().withStride(2), 0, 0);
    assertArrayEquals(new float[] {
        1, 1, 2, 2,
        1, 1, 2, 2,
        3, 3, 4, 4,
        3, 3, 4, 4}, y.toArray());
  }

  @Test
  void paddingCropsTheBordersAndOutputPaddingAddsTheLastRowAndColumn() {
    // kernel 3 of ones, stride 2, padding 1, output padding 1 on a 2×2 image of ones: output
    // 4×4 (twice the input); along an axis the pixels are reached by 1, 2, 1 and 1 taps
    Tensor ones = Tensor.fromFunction(Shape.of(1, 1, 2, 2), i -> 1);
    Tensor y = run(ones, Tensor.fromFunction(Shape.of(1, 1, 3, 3), i -> 1),
        Tensor.vector(0.5f), Conv2dSpec.defaults().withStride(2).withPadding(1), 1, 1);
    assertEquals(Shape.of(1, 1, 4, 4), y.shape());
    float[] taps = {1, 2, 1, 1};
    float[] expected = new float[16];
    for (int i = 0; i < 16; i++) {
      expected[i] = taps[i / 4] * taps[i % 4] + 0.5f;
    }
    assertArrayEquals(expected, y.toArray());
    // the same with padding 1 and stride 1 keeps only the centre of the full 4×4 result
    Tensor centre = run(X, Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 2, 2), null,
        Conv2dSpec.defaults().withPadding(Padding.of(1, 0, 1, 0)), 0, 0);
    assertArrayEquals(new float[] {20, 16, 24, 16}, centre.toArray());
  }

  @Test
  void outputShapesFollowPytorchsFormula() {
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 8, 7, 7);
    Node w = g.constant("w", Tensor.zeros(8, 4, 3, 3));
    Conv2dSpec s2p1 = Conv2dSpec.defaults().withStride(2).withPadding(1);
    assertEquals(Shape.of(-1, 4, 13, 13), conv2dTranspose(x, w, s2p1).shape());
    assertEquals(Shape.of(-1, 4, 14, 13), conv2dTranspose(x, w, null, s2p1, 1, 0).shape());
    assertEquals(Shape.of(-1, 8, 9, 9),
        conv2dTranspose(x, w, Conv2dSpec.defaults().withGroups(2)).shape());
    assertEquals(Shape.of(-1, 4, 11, 11),
        conv2dTranspose(x, w, Conv2dSpec.defaults().withDilation(2)).shape());
    Node unknown = g.placeholder("images", -1, 8, -1, 7);
    assertEquals(Shape.of(-1, 4, -1, 13), conv2dTranspose(unknown, w, s2p1).shape());
  }

  /** {@code ⟨convT(x), y⟩ = ⟨x, conv(y)⟩}, with conv2d written as plain loops. */
  static Stream<Arguments> geometries() {
    return Stream.of(
        // n, c (in), h, w, f (out), k, stride, pad (t,b,l,r), dilation, groups, output padding
        Arguments.of(2, 3, 4, 5, 2, 3, 1, new int[] {0, 0, 0, 0}, 1, 1, 0),
        Arguments.of(1, 2, 3, 3, 3, 3, 2, new int[] {1, 1, 1, 1}, 1, 1, 1),
        Arguments.of(2, 4, 3, 4, 6, 2, 2, new int[] {0, 1, 1, 0}, 1, 2, 1),
        Arguments.of(1, 2, 4, 4, 2, 3, 1, new int[] {2, 2, 2, 2}, 2, 1, 1),
        Arguments.of(3, 1, 5, 5, 1, 5, 1, new int[] {2, 2, 2, 2}, 1, 1, 0),
        Arguments.of(1, 6, 2, 3, 3, 3, 3, new int[] {1, 0, 0, 2}, 1, 3, 2));
  }

  @ParameterizedTest
  @MethodSource("geometries")
  void isTheAdjointOfTheNaiveConvolution(int n, int c, int h, int w, int f, int k, int stride,
      int[] pad, int dilation, int groups, int outputPadding) {
    Random r = new Random(n * 31L + c * 7L + k);
    Conv2dSpec spec = Conv2dSpec.defaults().withStride(stride)
        .withPadding(Padding.of(pad[0], pad[1], pad[2], pad[3])).withDilation(dilation)
        .withGroups(groups);
    Tensor x = Tensor.fromFunction(Shape.of(n, c, h, w), i -> r.nextGaussian());
    Tensor filters = Tensor.fromFunction(Shape.of(c, f / groups, k, k), i -> r.nextGaussian());
    Tensor y = run(x, filters, null, spec, outputPadding, outputPadding);
    Tensor probe = Tensor.fromFunction(y.shape(), i -> r.nextGaussian());
    // conv2d from f channels to c with the same filters read as [c, f/groups, k, k]
    Tensor conv = ConvReference.conv2d(probe, filters, null, stride, pad, dilation, groups);
    double lhs = 0;
    for (int i = 0; i < y.size(); i++) {
      lhs += (double) y.get(i) * probe.get(i);
    }
    double rhs = 0;
    for (int b = 0; b < n; b++) {
      for (int ch = 0; ch < c; ch++) {
        for (int i = 0; i < h; i++) {
          for (int j = 0; j < w; j++) {
            rhs += (double) x.at(b, ch, i, j) * conv.at(b, ch, i, j);
          }
        }
      }
    }
    assertEquals(rhs, lhs, 1e-4 * Math.max(1, Math.abs(rhs)));
  }

  @Test
  void badOutputPaddingIsRefused() {
    Conv2dSpec s2 = Conv2dSpec.defaults().withStride(2);
    assertEquals("conv2d_transpose: output padding 2 of the rows must be at least 0 and smaller"
        + " than the stride 2 or the dilation 1, i.e. in [0, 1]; it picks one of the 2 output"
        + " sizes that a conv2d with that stride maps to the input's size",
        assertThrows(IllegalArgumentException.class, () -> new Conv2dTranspose(s2, 2, 0))
            .getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new Conv2dTranspose(Conv2dSpec.defaults(), 0, 1)).getMessage()
        .startsWith("conv2d_transpose: output padding 1 of the columns must be at least 0 and"
            + " smaller than the stride 1 or the dilation 1, i.e. in [0, 0]"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new Conv2dTranspose(s2, -1, 0)).getMessage()
        .startsWith("conv2d_transpose: output padding -1 of the rows must be at least 0"));
    // a dilation of 3 allows up to 2 at stride 1
    new Conv2dTranspose(Conv2dSpec.defaults().withDilation(3), 2, 2);
    assertEquals("conv2d_transpose: padding 'same' is not defined for a transposed convolution;"
        + " give explicit padding, e.g. kernel 3 stride 2 padding 1 output padding 1 doubles the"
        + " size", assertThrows(IllegalArgumentException.class, () -> new Conv2dTranspose(
            Conv2dSpec.defaults().withPadding(Padding.same()))).getMessage());
  }

  @Test
  void badShapesNameTheNodesAndTheLayout() {
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 3, 7, 7);
    Node w = g.constant("w", Tensor.zeros(8, 4, 3, 3));
    ShapeException channels = assertThrows(ShapeException.class,
        () -> conv2dTranspose(x, w, Conv2dSpec.defaults()));
    assertEquals("conv2d_transpose 'conv2d_transpose': the input has 3 channels but the filters"
        + " f32[8,4,3,3] are for 8 (transposed filters are [in channels, out channels/groups, kH,"
        + " kW], conv2d's [out, in/groups, kH, kW] read backwards) (inputs: 'x' f32[?,3,7,7], 'w'"
        + " f32[8,4,3,3])", channels.getMessage());
    Node x8 = g.placeholder("x8", -1, 8, 1, 1);
    ShapeException padding = assertThrows(ShapeException.class,
        () -> conv2dTranspose(x8, w, Conv2dSpec.defaults().withPadding(2)));
    assertTrue(padding.getMessage().contains("the padding 2 removes 4 of the 3 rows the"
        + " transposed convolution produces, leaving none; use less padding"),
        padding.getMessage());
    Node b = g.constant("b", Tensor.zeros(8));
    ShapeException bias = assertThrows(ShapeException.class,
        () -> conv2dTranspose(x8, w, b, Conv2dSpec.defaults(), 0));
    assertTrue(bias.getMessage().contains("bias must be [4], one per output channel, but is"
        + " f32[8]"), bias.getMessage());
    ShapeException groups = assertThrows(ShapeException.class,
        () -> conv2dTranspose(x, g.constant("w3", Tensor.zeros(3, 1, 3, 3)),
            Conv2dSpec.defaults().withGroups(2)));
    assertTrue(groups.getMessage().contains("the input's 3 channels cannot be split into 2"
        + " groups"), groups.getMessage());
  }

  /** The op's gradients are linear ops with gradients of their own: the second order exists. */
}
