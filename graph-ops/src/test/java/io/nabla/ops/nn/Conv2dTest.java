package io.nabla.ops.nn;

import static io.nabla.ops.NnOps.conv2d;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.exec.Session;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Scope;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Conv2dTest {

  /** The course's 5×5 binary image: dark on the left, bright from column 2. */
  private static final float[] STEP_IMAGE = {
      0, 0, 1, 1, 1,
      0, 0, 1, 1, 1,
      0, 0, 1, 1, 1,
      0, 0, 1, 1, 1,
      0, 0, 1, 1, 1};

  private static final float[] VERTICAL_EDGE = {
      1, 0, -1,
      1, 0, -1,
      1, 0, -1};

  private static Tensor run(Tensor x, Tensor w, Conv2dSpec spec) {
    Graph g = new Graph();
    Node xn = g.placeholder("x", -1, x.shape().dim(1), x.shape().dim(2), x.shape().dim(3));
    Node y = conv2d(xn, g.constant("w", w), spec);
    return new Session(g).run(Map.of(xn, x), y).get(y);
  }

  @Test
  void verticalEdgeFilterFindsTheEdgeOfTheCourseImage() {
    Tensor y = run(Tensor.of(STEP_IMAGE, 1, 1, 5, 5), Tensor.of(VERTICAL_EDGE, 1, 1, 3, 3),
        Conv2dSpec.defaults());
    assertEquals(Shape.of(1, 1, 3, 3), y.shape());
    // left column minus right column of each 3×3 patch: the edge lies in the first two columns
    assertArrayEquals(new float[] {-3, -3, 0, -3, -3, 0, -3, -3, 0}, y.toArray());
  }

  @Test
  void mirroredFilterGivesTheCourseConvolution() {
    // the course convolves with the flipped kernel; cross-correlating with the kernel rotated by
    // 180° reproduces it: the sign of the edge response flips for this antisymmetric filter
    float[] rotated = new float[9];
    for (int i = 0; i < 9; i++) {
      rotated[i] = VERTICAL_EDGE[8 - i];
    }
    Tensor y = run(Tensor.of(STEP_IMAGE, 1, 1, 5, 5), Tensor.of(rotated, 1, 1, 3, 3),
        Conv2dSpec.defaults());
    assertArrayEquals(new float[] {3, 3, 0, 3, 3, 0, 3, 3, 0}, y.toArray());
  }

  @Test
  void identityFilterWithSamePaddingReturnsTheImage() {
    Tensor image = Tensor.fromFunction(Shape.of(1, 1, 5, 5), i -> i % 7);
    float[] identity = {0, 0, 0, 0, 1, 0, 0, 0, 0};
    Tensor y = run(image, Tensor.of(identity, 1, 1, 3, 3),
        Conv2dSpec.defaults().withPadding(Padding.same()));
    assertEquals(image, y);
  }

  @Test
  void boxBlurSharpenAndEdgeFiltersOnHandComputedPixels() {
    Tensor image = Tensor.fromFunction(Shape.of(1, 1, 3, 3), i -> i + 1); // 1..9
    float ninth = 1f / 9f;
    Tensor blur = run(image, Tensor.filled(Shape.of(1, 1, 3, 3), ninth), Conv2dSpec.defaults());
    assertEquals(5f, blur.item(), 1e-5f, "mean of 1..9");
    Tensor sharpen = run(image, Tensor.of(new float[] {0, -1, 0, -1, 5, -1, 0, -1, 0},
        1, 1, 3, 3), Conv2dSpec.defaults());
    assertEquals(5 * 5 - 2 - 4 - 6 - 8, sharpen.item(), 1e-5f);
    Tensor laplace = run(image, Tensor.of(new float[] {0, 1, 0, 1, -4, 1, 0, 1, 0},
        1, 1, 3, 3), Conv2dSpec.defaults());
    assertEquals(0f, laplace.item(), 1e-5f, "a linear ramp has no curvature");
  }

  static Stream<Arguments> geometries() {
    // n, c, h, w, f, k, stride, padding {t,b,l,r}, dilation, groups
    return Stream.of(
        Arguments.of(2, 1, 7, 7, 3, 3, 1, new int[] {0, 0, 0, 0}, 1, 1),
        Arguments.of(2, 3, 8, 6, 4, 3, 2, new int[] {1, 1, 1, 1}, 1, 1),
        Arguments.of(1, 2, 9, 9, 2, 5, 1, new int[] {2, 2, 2, 2}, 1, 1),
        Arguments.of(3, 4, 10, 10, 6, 3, 1, new int[] {0, 0, 0, 0}, 2, 2),
        Arguments.of(2, 4, 7, 9, 4, 2, 3, new int[] {1, 0, 2, 1}, 1, 4),
        Arguments.of(1, 6, 6, 6, 3, 1, 1, new int[] {0, 0, 0, 0}, 1, 3),
        Arguments.of(4, 1, 28, 28, 6, 5, 1, new int[] {2, 2, 2, 2}, 1, 1),
        Arguments.of(2, 2, 5, 5, 2, 3, 2, new int[] {0, 1, 0, 1}, 1, 1));
  }

  @ParameterizedTest
  @MethodSource("geometries")
  void matchesTheNaiveLoops(int n, int c, int h, int w, int f, int k, int stride, int[] pad,
      int dilation, int groups) {
    Random r = new Random(n * 31L + c * 7L + k);
    Tensor x = Tensor.fromFunction(Shape.of(n, c, h, w), i -> r.nextGaussian());
    Tensor filters = Tensor.fromFunction(Shape.of(f, c / groups, k, k), i -> r.nextGaussian());
    Tensor bias = Tensor.fromFunction(Shape.of(f), i -> r.nextGaussian());
    Conv2dSpec spec = Conv2dSpec.defaults().withStride(stride)
        .withPadding(Padding.of(pad[0], pad[1], pad[2], pad[3])).withDilation(dilation)
        .withGroups(groups);
    Graph g = new Graph();
    Node xn = g.placeholder("x", -1, c, h, w);
    Node y = conv2d(xn, g.constant("w", filters), g.constant("b", bias), spec);
    Tensor actual = new Session(g).run(Map.of(xn, x), y).get(y);
    Tensor expected = ConvReference.conv2d(x, filters, bias, stride, pad, dilation, groups);
    assertEquals(expected.shape(), actual.shape());
    assertTrue(expected.allClose(actual, 1e-4f), () -> "expected " + expected + " got " + actual);
  }

  @Test
  void samePaddingKeepsTheSizeAtStrideOneAndHalvesItAtStrideTwo() {
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 3, 32, 32);
    Node w = g.constant("w", Tensor.zeros(8, 3, 3, 3));
    assertEquals(Shape.of(-1, 8, 32, 32),
        conv2d(x, w, Conv2dSpec.defaults().withPadding(Padding.same())).shape());
    assertEquals(Shape.of(-1, 8, 16, 16),
        conv2d(x, w, Conv2dSpec.defaults().withPadding(Padding.same()).withStride(2)).shape());
  }

  @Test
  void channelMismatchNamesNodeShapesAndFix() {
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 3, 28, 28);
    Node w = g.constant("w", Tensor.zeros(6, 1, 5, 5));
    ShapeException e;
    try (Scope s = g.scope("conv1")) {
      e = assertThrows(ShapeException.class, () -> conv2d(x, w));
    }
    assertTrue(e.getMessage().startsWith("conv2d 'conv1/conv2d': the input has 3 channels but"
        + " the filters f32[6,1,5,5] expect 1 per group × 1 group = 1"), e.getMessage());
    assertTrue(e.getMessage().contains("'x' f32[?,3,28,28]"), e.getMessage());
  }

  @Test
  void kernelLargerThanPaddedInputIsRefused() {
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 1, 4, 4);
    Node w = g.constant("w", Tensor.zeros(1, 1, 5, 5));
    ShapeException e = assertThrows(ShapeException.class, () -> conv2d(x, w));
    assertTrue(e.getMessage().contains("is larger than the padded input 4x4"), e.getMessage());
  }

  @Test
  void invalidAttributesAreRefused() {
    assertEquals("conv2d: stride must be at least 1, not 0x0; 1 visits every position, 2 halves"
        + " the output", attributeError(() -> Conv2dSpec.defaults().withStride(0)));
    assertEquals("conv2d: stride must be at least 1, not 1x-1; 1 visits every position, 2"
        + " halves the output", attributeError(() -> Conv2dSpec.defaults().withStride(1, -1)));
    assertEquals("conv2d: dilation must be at least 1, not 0x0; 1 is an ordinary, undilated"
        + " kernel", attributeError(() -> Conv2dSpec.defaults().withDilation(0)));
    assertEquals("conv2d: groups must be at least 1, not 0; 1 connects every input channel to"
        + " every filter", attributeError(() -> Conv2dSpec.defaults().withGroups(0)));
    assertEquals("padding must be >= 0 on every side, not top -1 bottom -1 left -1 right -1; use"
        + " 0 for no padding, and crop(...) to remove rows or columns",
        attributeError(() -> Padding.of(-1)));
    assertEquals("conv2d: padding is null; use Padding.valid()",
        assertThrows(NullPointerException.class,
            () -> Conv2dSpec.defaults().withPadding(null)).getMessage());
  }

  private static String attributeError(org.junit.jupiter.api.function.Executable bad) {
    return assertThrows(IllegalArgumentException.class, bad).getMessage();
  }

  @Test
  void groupsThatDoNotDivideTheChannelsOrTheFiltersAreRefused() {
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 6, 8, 8);
    Node w = g.constant("w", Tensor.zeros(8, 1, 3, 3));
    ShapeException channels = assertThrows(ShapeException.class,
        () -> conv2d(x, w, Conv2dSpec.defaults().withGroups(4)));
    assertEquals("conv2d 'conv2d': the input's 6 channels cannot be split into 4 groups; groups"
        + " must divide the number of input channels (inputs: 'x' f32[?,6,8,8], 'w'"
        + " f32[8,1,3,3])", channels.getMessage());
    Node w7 = g.constant("w7", Tensor.zeros(7, 2, 3, 3));
    ShapeException filters = assertThrows(ShapeException.class,
        () -> conv2d(x, w7, Conv2dSpec.defaults().withGroups(3)));
    assertEquals("conv2d 'conv2d': 7 filters f32[7,2,3,3] cannot be split into 3 groups; the"
        + " number of filters must be a multiple of the groups (inputs: 'x' f32[?,6,8,8], 'w7'"
        + " f32[7,2,3,3])", filters.getMessage());
  }

  @Test
  void aDilatedKernelLargerThanTheInputIsRefusedWithItsSpan() {
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 1, 5, 5);
    Node w = g.constant("w", Tensor.zeros(1, 1, 3, 3));
    ShapeException e = assertThrows(ShapeException.class,
        () -> conv2d(x, w, Conv2dSpec.defaults().withDilation(3)));
    assertEquals("conv2d 'conv2d': the 7x7 window (kernel 3x3, dilation 3x3) is larger than the"
        + " padded input 5x5 (input 5x5, padding valid); use a smaller kernel, more padding or a"
        + " larger input (inputs: 'x' f32[?,1,5,5], 'w' f32[1,1,3,3])", e.getMessage());
  }

  @Test
  void inputThatIsNotNchwGetsAHint() {
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 784);
    Node w = g.constant("w", Tensor.zeros(6, 1, 5, 5));
    ShapeException e = assertThrows(ShapeException.class, () -> conv2d(x, w));
    assertTrue(e.getMessage().contains("input must be [N,C,H,W] but is f32[?,784]"),
        e.getMessage());
  }
}
