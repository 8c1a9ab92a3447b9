package io.nabla.ops.nn;

import static io.nabla.ops.NnOps.avgPool2d;
import static io.nabla.ops.NnOps.globalAvgPool;
import static io.nabla.ops.NnOps.maxPool2d;
import static io.nabla.ops.Ops.sum;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.autodiff.Autodiff;
import io.nabla.core.exec.GraphRunException;
import io.nabla.core.exec.Session;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.ops.kernel.PoolKernel;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Max and average pooling and their gradient ops: shapes and their errors, the course's
 * hand-computed example, and every kernel against a naive reference written out here.
 */
class PoolingTest {

  /**
   * One pooling geometry. {@code same} asks for {@code Padding.same()}; otherwise the explicit
   * amounts are used. The reference resolves 'same' by itself, not through {@link Padding}.
   */
  record Case(int n, int c, int h, int w, int kh, int kw, int sh, int sw, boolean same,
      int top, int bottom, int left, int right) {

    static Case valid(int n, int c, int h, int w, int k, int s) {
      return new Case(n, c, h, w, k, k, s, s, false, 0, 0, 0, 0);
    }

    static Case same(int n, int c, int h, int w, int k, int s) {
      return new Case(n, c, h, w, k, k, s, s, true, 0, 0, 0, 0);
    }

    static Case padded(int n, int c, int h, int w, int kh, int kw, int sh, int sw, int top,
        int bottom, int left, int right) {
      return new Case(n, c, h, w, kh, kw, sh, sw, false, top, bottom, left, right);
    }

    Window2d window() {
      return new Window2d(kh, kw, sh, sw, 1, 1,
          same ? Padding.same() : Padding.of(top, bottom, left, right));
    }

    Shape inShape() {
      return Shape.of(n, c, h, w);
    }

    /** Padding {before, after} of one axis, as TensorFlow and PyTorch define 'same'. */
    private static int[] pads(int in, int k, int s, boolean same, int before, int after) {
      if (!same) {
        return new int[] {before, after};
      }
      int out = (in + s - 1) / s;
      int total = Math.max((out - 1) * s + k - in, 0);
      return new int[] {total / 2, total - total / 2};
    }

    int padTop() {
      return pads(h, kh, sh, same, top, bottom)[0];
    }

    int padLeft() {
      return pads(w, kw, sw, same, left, right)[0];
    }

    int outH() {
      int[] p = pads(h, kh, sh, same, top, bottom);
      return (h + p[0] + p[1] - kh) / sh + 1;
    }

    int outW() {
      int[] p = pads(w, kw, sw, same, left, right);
      return (w + p[0] + p[1] - kw) / sw + 1;
    }

    Shape outShape() {
      return Shape.of(n, c, outH(), outW());
    }

    PoolKernel.Geometry geometry() {
      return new PoolKernel.Geometry(n * c, h, w, outH(), outW(), kh, kw, sh, sw, padTop(),
          padLeft());
    }

    @Override
    public String toString() {
      return "[" + n + "," + c + "," + h + "," + w + "] kernel " + kh + "x" + kw + " stride "
          + sh + "x" + sw + " padding "
          + (same ? "same" : top + "," + bottom + "," + left + "," + right);
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        Case.valid(1, 1, 4, 4, 2, 2),
        Case.valid(2, 3, 5, 7, 2, 2),          // 2×2 fast path; last row and column uncovered
        Case.valid(2, 3, 5, 5, 3, 1),          // overlapping windows
        Case.valid(2, 2, 7, 6, 2, 3),          // stride > kernel: pixels no window sees
        Case.valid(1, 1, 1, 1, 1, 1),
        Case.padded(1, 2, 5, 7, 5, 2, 1, 1, 0, 0, 0, 0),  // a single row of windows
        Case.same(1, 2, 5, 7, 3, 2),
        Case.same(2, 1, 6, 6, 2, 2),
        Case.same(1, 1, 5, 5, 3, 1),
        Case.same(1, 3, 4, 9, 4, 3),           // stride < kernel, odd padding total
        Case.padded(2, 3, 4, 5, 3, 2, 1, 2, 1, 0, 0, 1),
        Case.padded(1, 2, 3, 3, 3, 3, 1, 1, 2, 2, 2, 2),
        Case.padded(3, 4, 9, 9, 3, 3, 2, 2, 1, 1, 1, 1),
        Case.valid(8, 16, 32, 32, 2, 2));      // enough planes to run in parallel
  }

  // ---- naive references: one loop per index, padding tested pixel by pixel ----

  /** Flat index of the first maximum of window (p, oh, ow), or -1 when it has no pixel. */
  private static int refArgmax(Case k, float[] x, int p, int oh, int ow) {
    int best = -1;
    for (int i = 0; i < k.kh(); i++) {
      for (int j = 0; j < k.kw(); j++) {
        int ih = oh * k.sh() - k.padTop() + i;
        int iw = ow * k.sw() - k.padLeft() + j;
        if (ih < 0 || ih >= k.h() || iw < 0 || iw >= k.w()) {
          continue;
        }
        int at = (p * k.h() + ih) * k.w() + iw;
        if (best < 0 || x[at] > x[best]) {
          best = at;
        }
      }
    }
    return best;
  }

  private static float[] refMaxPool(Case k, float[] x) {
    float[] y = new float[k.outShape().size()];
    int o = 0;
    for (int p = 0; p < k.n() * k.c(); p++) {
      for (int oh = 0; oh < k.outH(); oh++) {
        for (int ow = 0; ow < k.outW(); ow++) {
          y[o++] = x[refArgmax(k, x, p, oh, ow)];
        }
      }
    }
    return y;
  }

  private static float[] refMaxPoolGrad(Case k, float[] x, float[] dy) {
    float[] dx = new float[x.length];
    int o = 0;
    for (int p = 0; p < k.n() * k.c(); p++) {
      for (int oh = 0; oh < k.outH(); oh++) {
        for (int ow = 0; ow < k.outW(); ow++) {
          dx[refArgmax(k, x, p, oh, ow)] += dy[o++];
        }
      }
    }
    return dx;
  }

  private static float[] refMaxPoolSelect(Case k, float[] x, float[] g) {
    float[] y = new float[k.outShape().size()];
    int o = 0;
    for (int p = 0; p < k.n() * k.c(); p++) {
      for (int oh = 0; oh < k.outH(); oh++) {
        for (int ow = 0; ow < k.outW(); ow++) {
          y[o++] = g[refArgmax(k, x, p, oh, ow)];
        }
      }
    }
    return y;
  }

  private static float[] refAvgPool(Case k, float[] x) {
    float[] y = new float[k.outShape().size()];
    int o = 0;
    for (int p = 0; p < k.n() * k.c(); p++) {
      for (int oh = 0; oh < k.outH(); oh++) {
        for (int ow = 0; ow < k.outW(); ow++) {
          double s = 0;
          for (int i = 0; i < k.kh(); i++) {
            for (int j = 0; j < k.kw(); j++) {
              int ih = oh * k.sh() - k.padTop() + i;
              int iw = ow * k.sw() - k.padLeft() + j;
              if (ih >= 0 && ih < k.h() && iw >= 0 && iw < k.w()) {
                s += x[(p * k.h() + ih) * k.w() + iw];
              }
            }
          }
          y[o++] = (float) (s / (k.kh() * k.kw()));
        }
      }
    }
    return y;
  }

  private static float[] refAvgPoolGrad(Case k, float[] dy) {
    float[] dx = new float[k.inShape().size()];
    int o = 0;
    for (int p = 0; p < k.n() * k.c(); p++) {
      for (int oh = 0; oh < k.outH(); oh++) {
        for (int ow = 0; ow < k.outW(); ow++) {
          float v = dy[o++] / (k.kh() * k.kw());
          for (int i = 0; i < k.kh(); i++) {
            for (int j = 0; j < k.kw(); j++) {
              int ih = oh * k.sh() - k.padTop() + i;
              int iw = ow * k.sw() - k.padLeft() + j;
              if (ih >= 0 && ih < k.h() && iw >= 0 && iw < k.w()) {
                dx[(p * k.h() + ih) * k.w() + iw] += v;
              }
            }
          }
        }
      }
    }
    return dx;
  }

  // ---- forward and gradient ops through the graph, against the references ----

  private static Tensor gaussian(Shape shape, long seed) {
    Random r = new Random(seed);
    return Tensor.fromFunction(shape, i -> r.nextGaussian());
  }

  /** Runs {@code op} on placeholders fed with {@code inputs}. */
  private static Tensor run(Op op, Tensor... inputs) {
    Graph g = new Graph();
    Node[] ph = new Node[inputs.length];
    Map<Node, Tensor> feeds = new HashMap<>();
    for (int i = 0; i < inputs.length; i++) {
      ph[i] = g.placeholder("x" + i, inputs[i].shape());
      feeds.put(ph[i], inputs[i]);
    }
    Node y = g.apply(op, ph);
    return new Session(g).run(feeds, y).get(y);
  }

  private static void assertClose(float[] expected, Tensor actual, float tolerance,
      String what) {
    assertEquals(expected.length, actual.size(), what + ": size");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual.get(i), tolerance, what + ": element " + i);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void maxPoolingMatchesTheReference(Case k) {
    Tensor x = gaussian(k.inShape(), 1);
    Tensor y = run(new MaxPool2d(k.window()), x);
    assertEquals(k.outShape(), y.shape());
    assertArrayEquals(refMaxPool(k, x.data()), y.toArray());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void averagePoolingMatchesTheReference(Case k) {
    Tensor x = gaussian(k.inShape(), 2);
    Tensor y = run(new AvgPool2d(k.window()), x);
    assertEquals(k.outShape(), y.shape());
    assertClose(refAvgPool(k, x.data()), y, 1e-5f, k.toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void maxPoolGradAndSelectMatchTheReference(Case k) {
    Tensor x = gaussian(k.inShape(), 3);
    Tensor dy = gaussian(k.outShape(), 4);
    Tensor g = gaussian(k.inShape(), 5);
    Tensor dx = run(new MaxPool2dGrad(k.window()), x, dy);
    assertEquals(k.inShape(), dx.shape());
    assertClose(refMaxPoolGrad(k, x.data(), dy.data()), dx, 1e-5f, "dx of " + k);
    Tensor picked = run(new MaxPool2dSelect(k.window()), x, g);
    assertEquals(k.outShape(), picked.shape());
    assertArrayEquals(refMaxPoolSelect(k, x.data(), g.data()), picked.toArray());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void maxPoolReluGradIsTheGradientMaskedByPositiveInputs(Case k) {
    Tensor x = gaussian(k.inShape(), 3);
    Tensor dy = gaussian(k.outShape(), 4);
    float[] expected = refMaxPoolGrad(k, x.data(), dy.data());
    for (int i = 0; i < expected.length; i++) {
      expected[i] = x.get(i) > 0 ? expected[i] : 0f;
    }
    Tensor dx = run(new MaxPool2dReluGrad(k.window()), x, dy);
    assertEquals(k.inShape(), dx.shape());
    assertClose(expected, dx, 1e-5f, "dx of " + k);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void avgPoolGradMatchesTheReference(Case k) {
    Tensor dy = gaussian(k.outShape(), 6);
    Tensor dx = run(new AvgPool2dGrad(k.window()), dy, Tensor.zeros(k.inShape()));
    assertEquals(k.inShape(), dx.shape());
    assertClose(refAvgPoolGrad(k, dy.data()), dx, 1e-5f, "dx of " + k);
  }

  /** Recycled buffers hold garbage: each kernel must write every element of its output. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void kernelsOverwriteAnOutputFullOfNaN(Case k) {
    float[] x = gaussian(k.inShape(), 7).data();
    float[] dy = gaussian(k.outShape(), 8).data();
    float[] out = new float[k.outShape().size()];
    float[] in = new float[k.inShape().size()];

    Arrays.fill(out, Float.NaN);
    PoolKernel.maxPool(x, out, k.geometry());
    assertArrayEquals(refMaxPool(k, x), out, "max_pool2d");
    Arrays.fill(out, Float.NaN);
    PoolKernel.avgPool(x, out, k.geometry());
    assertArrayEquals(refAvgPool(k, x), out, 1e-5f, "avg_pool2d");
    Arrays.fill(out, Float.NaN);
    PoolKernel.maxPoolSelect(x, x, out, k.geometry());
    assertArrayEquals(refMaxPool(k, x), out, "max_pool2d_select");
    Arrays.fill(in, Float.NaN);
    PoolKernel.maxPoolGrad(x, dy, in, k.geometry());
    assertArrayEquals(refMaxPoolGrad(k, x, dy), in, 1e-5f, "max_pool2d_grad");
    Arrays.fill(in, Float.NaN);
    PoolKernel.avgPoolGrad(dy, in, k.geometry());
    assertArrayEquals(refAvgPoolGrad(k, dy), in, 1e-5f, "avg_pool2d_grad");
  }

  // ---- the course's example ----

  private static final Tensor MAP = Tensor.of(new float[] {
      1, 1, 2, 4,
      5, 6, 7, 8,
      3, 2, 1, 0,
      1, 2, 3, 4}, 1, 1, 4, 4);

  @Test
  void twoByTwoMaxPoolingOfTheCourse() {
    Graph g = new Graph();
    Node x = g.placeholder("x", 1, 1, 4, 4);
    Node y = maxPool2d(x, 2, 2);
    assertEquals(Tensor.of(new float[] {6, 8, 3, 4}, 1, 1, 2, 2),
        new Session(g).run(Map.of(x, MAP), y).get(y));
  }

  @Test
  void twoByTwoAveragePoolingOfTheCourse() {
    Graph g = new Graph();
    Node x = g.placeholder("x", 1, 1, 4, 4);
    Node y = avgPool2d(x, 2, 2);
    assertEquals(Tensor.of(new float[] {3.25f, 5.25f, 2, 2}, 1, 1, 2, 2),
        new Session(g).run(Map.of(x, MAP), y).get(y));
  }

  @Test
  void maxPoolingRoutesTheGradientToEachWindowsMaximum() {
    Graph g = new Graph();
    Node x = g.placeholder("x", 1, 1, 4, 4);
    Node dx = Autodiff.gradients(sum(maxPool2d(x, 2, 2)), x).get(0);
    assertEquals(Tensor.of(new float[] {
        0, 0, 0, 0,
        0, 1, 0, 1,
        1, 0, 0, 0,
        0, 0, 0, 1}, 1, 1, 4, 4), new Session(g).run(Map.of(x, MAP), dx).get(dx));
  }

  @Test
  void averagePoolingSharesTheGradientOverTheKernelArea() {
    Graph g = new Graph();
    Node x = g.placeholder("x", 1, 1, 3, 3);
    // 'same' 3x3 stride 1 on 3x3: the centre is in all 9 windows, a corner in 4
    Node y = avgPool2d(x, Window2d.of(3, 1, Padding.same()));
    Node dx = Autodiff.gradients(sum(y), x).get(0);
    Tensor got = new Session(g).run(Map.of(x, Tensor.zeros(1, 1, 3, 3)), dx).get(dx);
    float ninth = 1f / 9;
    assertArrayEquals(new float[] {4 * ninth, 6 * ninth, 4 * ninth, 6 * ninth, 1, 6 * ninth,
        4 * ninth, 6 * ninth, 4 * ninth}, got.toArray(), 1e-6f);
  }

  @Test
  void paddingCountsAsZerosInTheAverage() {
    Graph g = new Graph();
    Node x = g.placeholder("x", 1, 1, 2, 2);
    Node y = avgPool2d(x, Window2d.of(2, 2, Padding.of(1)));
    Tensor got = new Session(g).run(Map.of(x, Tensor.filled(Shape.of(1, 1, 2, 2), 4f)), y)
        .get(y);
    // each 2x2 window holds one real pixel: 4 / 4 (count_include_pad), not 4 / 1
    assertEquals(Tensor.of(new float[] {1, 1, 1, 1}, 1, 1, 2, 2), got);
  }

  @Test
  void paddingNeverWinsAMaximum() {
    Graph g = new Graph();
    Node x = g.placeholder("x", 1, 1, 2, 2);
    Node y = maxPool2d(x, Window2d.of(2, 1, Padding.of(1)));
    Tensor got = new Session(g).run(Map.of(x, Tensor.of(new float[] {-1, -2, -3, -4}, 1, 1, 2,
        2)), y).get(y);
    assertEquals(Tensor.of(new float[] {-1, -1, -2, -1, -1, -2, -3, -3, -4}, 1, 1, 3, 3), got);
  }

  @Test
  void globalAveragePoolingAveragesEachChannel() {
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 2, 2, 2);
    Node y = globalAvgPool(x);
    assertEquals(Shape.of(-1, 2), y.shape());
    Tensor in = Tensor.of(new float[] {1, 2, 3, 4, 10, 20, 30, 40, -1, -1, -1, 3, 0, 0, 0, 8},
        2, 2, 2, 2);
    assertEquals(Tensor.of(new float[] {2.5f, 25, 0, 2}, 2, 2),
        new Session(g).run(Map.of(x, in), y).get(y));
  }

  @Test
  void globalAveragePoolingRefusesAnotherRank() {
    Graph g = new Graph();
    Node x = g.placeholder("x", 2, 3, 4, 5, 6);
    ShapeException e = assertThrows(ShapeException.class, () -> globalAvgPool(x));
    assertEquals("global_avg_pool: input 'x' must have rank 4 but is f32[2,3,4,5,6]",
        e.getMessage());
  }

  // ---- ties ----

  @Test
  void aWindowOfEqualValuesRoutesEverythingToItsFirstPixel() {
    Graph g = new Graph();
    Node x = g.placeholder("x", 1, 1, 2, 2);
    Node dx = Autodiff.gradients(sum(maxPool2d(x, 2, 2)), x).get(0);
    Session s = new Session(g);
    Tensor five = Tensor.filled(Shape.of(1, 1, 2, 2), 5f);
    Tensor expected = Tensor.of(new float[] {1, 0, 0, 0}, 1, 1, 2, 2);
    for (int run = 0; run < 3; run++) {
      assertEquals(expected, s.run(Map.of(x, five), dx).get(dx), "run " + run);
    }
  }

  @Test
  void overlappingWindowsOnAPlateauEachPickTheirOwnFirstPixel() {
    Tensor plateau = Tensor.filled(Shape.of(1, 1, 3, 3), 2f);
    Window2d w = Window2d.of(2, 1, Padding.valid());
    Tensor dx = run(new MaxPool2dGrad(w), plateau, Tensor.of(new float[] {1, 10, 100, 1000},
        1, 1, 2, 2));
    assertArrayEquals(new float[] {1, 10, 0, 100, 1000, 0, 0, 0, 0}, dx.toArray());
    Tensor g = Tensor.fromFunction(Shape.of(1, 1, 3, 3), i -> i);
    assertArrayEquals(new float[] {0, 1, 3, 4},
        run(new MaxPool2dSelect(w), plateau, g).toArray());
  }

  @Test
  void everyTwoByTwoWindowOfTiesZerosAndNaNsRoutesToItsFirstWinner() {
    // all 625 windows of four values from {-1, -0, 0, 1, NaN}, side by side in one row pair
    float[] values = {-1f, -0f, 0f, 1f, Float.NaN};
    int windows = 625;
    float[] x = new float[4 * windows];
    float[] dy = new float[windows];
    int[] winner = new int[windows];
    for (int w = 0; w < windows; w++) {
      float[] v = new float[4];
      for (int i = 0, code = w; i < 4; i++, code /= 5) {
        v[i] = values[code % 5];
      }
      x[2 * w] = v[0];
      x[2 * w + 1] = v[1];
      x[2 * windows + 2 * w] = v[2];
      x[2 * windows + 2 * w + 1] = v[3];
      dy[w] = w + 1;
      int best = 0; // the first NaN, else the first maximum (-0 and 0 are equal)
      for (int i = 1; i < 4; i++) {
        boolean nan = Float.isNaN(v[i]) && !Float.isNaN(v[best]);
        if (nan || v[i] > v[best]) {
          best = i;
        }
      }
      winner[w] = best;
    }
    PoolKernel.Geometry geometry =
        new PoolKernel.Geometry(1, 2, 2 * windows, 1, windows, 2, 2, 2, 2, 0, 0);
    for (boolean relu : new boolean[] {false, true}) {
      float[] dx = new float[x.length];
      Arrays.fill(dx, Float.NaN);
      if (relu) {
        PoolKernel.maxPoolReluGrad(x, dy, dx, geometry);
      } else {
        PoolKernel.maxPoolGrad(x, dy, dx, geometry);
      }
      for (int w = 0; w < windows; w++) {
        int[] at = {2 * w, 2 * w + 1, 2 * windows + 2 * w, 2 * windows + 2 * w + 1};
        for (int i = 0; i < 4; i++) {
          boolean masked = relu && !(x[at[i]] > 0f);
          float expected = i == winner[w] && !masked ? dy[w] : 0f;
          assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(dx[at[i]]),
              "relu " + relu + " window " + w + " pixel " + i + " of " + x[at[0]] + " "
                  + x[at[1]] + " " + x[at[2]] + " " + x[at[3]]);
        }
      }
    }
  }

  @Test
  void twoByTwoPoolingAndItsGradientMatchTheWindowRuleOnEveryLayout() {
    // plane sizes around the vector width, odd edges left over, several planes
    int[][] layouts = {{3, 28, 28}, {5, 10, 10}, {2, 11, 33}, {4, 7, 6}, {2, 2, 64}, {1, 3, 2}};
    Random r = new Random(11);
    float[] specials = {0f, -0f, 1f, Float.NaN};
    for (int[] l : layouts) {
      int planes = l[0];
      int inH = l[1];
      int inW = l[2];
      int outH = inH / 2;
      int outW = inW / 2;
      float[] x = new float[planes * inH * inW];
      for (int i = 0; i < x.length; i++) {
        x[i] = r.nextInt(5) == 0 ? specials[r.nextInt(specials.length)] : r.nextInt(7) - 3f;
      }
      float[] dy = new float[planes * outH * outW];
      for (int i = 0; i < dy.length; i++) {
        dy[i] = i + 1;
      }
      PoolKernel.Geometry geometry =
          new PoolKernel.Geometry(planes, inH, inW, outH, outW, 2, 2, 2, 2, 0, 0);
      float[] y = new float[dy.length];
      Arrays.fill(y, 42f);
      PoolKernel.maxPool(x, y, geometry);
      float[] dx = new float[x.length];
      Arrays.fill(dx, 42f);
      PoolKernel.maxPoolGrad(x, dy, dx, geometry);
      float[] expectedDx = new float[x.length];
      for (int p = 0; p < planes; p++) {
        for (int oh = 0; oh < outH; oh++) {
          for (int ow = 0; ow < outW; ow++) {
            int first = (p * inH + 2 * oh) * inW + 2 * ow;
            int[] at = {first, first + 1, first + inW, first + inW + 1};
            float expected = Math.max(Math.max(x[at[0]], x[at[1]]),
                Math.max(x[at[2]], x[at[3]]));
            int o = (p * outH + oh) * outW + ow;
            String where = "layout " + Arrays.toString(l) + " window " + o;
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(y[o]), where);
            int best = 0;
            for (int i = 1; i < 4; i++) {
              boolean nan = Float.isNaN(x[at[i]]) && !Float.isNaN(x[at[best]]);
              if (nan || x[at[i]] > x[at[best]]) {
                best = i;
              }
            }
            expectedDx[at[best]] = dy[o];
          }
        }
      }
      for (int i = 0; i < x.length; i++) {
        assertEquals(Float.floatToRawIntBits(expectedDx[i]), Float.floatToRawIntBits(dx[i]),
            "layout " + Arrays.toString(l) + " dx at " + i);
      }
    }
  }

  @Test
  void aNaNInAWindowIsNotHiddenByMaxPooling() {
    Tensor x = Tensor.of(new float[] {1, Float.NaN, 3, 4, 5, 6, 7, 8}, 1, 1, 2, 4);
    Tensor y = run(new MaxPool2d(Window2d.of(2, 2, Padding.valid())), x);
    assertTrue(Float.isNaN(y.get(0)), y.toString());
    assertEquals(8f, y.get(1));
  }

  // ---- shapes and their errors ----

  @Test
  void anUnknownBatchStaysUnknown() {
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 3, 8, 8);
    assertEquals(Shape.of(-1, 3, 4, 4), maxPool2d(x, 2, 2).shape());
    assertEquals(Shape.of(-1, 3, 3, 3), avgPool2d(x, 3, 2).shape());
    assertEquals(Shape.of(-1, 3, 8, 8), maxPool2d(x, Window2d.of(3, 1, Padding.same())).shape());
    Node y = maxPool2d(x, 2, 2);
    Node dx = Autodiff.gradients(sum(y), x).get(0);
    assertEquals(Shape.of(-1, 3, 8, 8), dx.shape());
    var r = new Session(g).run(Map.of(x, gaussian(Shape.of(5, 3, 8, 8), 9)), y, dx);
    assertEquals(Shape.of(5, 3, 4, 4), r.get(y).shape());
    assertEquals(Shape.of(5, 3, 8, 8), r.get(dx).shape());
  }

  @Test
  void aRank3InputIsRefusedWithAHint() {
    Graph g = new Graph();
    Node x = g.placeholder("x", 3, 4, 4);
    ShapeException e = assertThrows(ShapeException.class, () -> maxPool2d(x, 2, 2));
    assertEquals("max_pool2d 'max_pool2d': input must be NCHW (rank 4: batch, channels, height,"
        + " width) but is f32[3,4,4]; a single image still needs the batch axis:"
        + " unsqueeze(x, 0) (inputs: 'x' f32[3,4,4])", e.getMessage());
    ShapeException e2 = assertThrows(ShapeException.class, () -> avgPool2d(x, 2, 2));
    assertTrue(e2.getMessage().startsWith("avg_pool2d 'avg_pool2d': input must be NCHW"),
        e2.getMessage());
  }

  @Test
  void aKernelLargerThanThePaddedInputIsRefused() {
    Graph g = new Graph();
    Node x = g.placeholder("x", 1, 1, 3, 3);
    ShapeException e = assertThrows(ShapeException.class, () -> maxPool2d(x, 4, 1));
    assertEquals("max_pool2d 'max_pool2d': the 4x4 window (kernel 4x4, dilation 1x1) is larger"
        + " than the padded input 3x3 (input 3x3, padding valid); use a smaller kernel, more"
        + " padding or a larger input (inputs: 'x' f32[1,1,3,3])", e.getMessage());
  }

  @Test
  void aWindowOfPaddingOnlyIsRefused() {
    Graph g = new Graph();
    Node x = g.placeholder("x", 1, 1, 3, 3);
    ShapeException e = assertThrows(ShapeException.class,
        () -> maxPool2d(x, Window2d.of(2, 1, Padding.of(2))));
    assertEquals("max_pool2d 'max_pool2d': with padding 2 some 2x2 window (stride 1x1) covers"
        + " only padding of the 3x3 input; keep the padding on each side smaller than the"
        + " kernel (inputs: 'x' f32[1,1,3,3])", e.getMessage());
  }

  @Test
  void aTooSmallInputFedAtRunTimeIsRefused() {
    Graph g = new Graph();
    Node x = g.placeholder("x", 1, 1, -1, -1);
    Node y = maxPool2d(x, 3, 1);
    assertEquals(Shape.of(1, 1, -1, -1), y.shape());
    Session s = new Session(g);
    GraphRunException e = assertThrows(GraphRunException.class,
        () -> s.run(Map.of(x, Tensor.zeros(1, 1, 2, 2)), y));
    assertTrue(e.getMessage().contains("the 3x3 window (kernel 3x3, dilation 1x1) is larger"
        + " than the padded input 2x2"), e.getMessage());
  }

  @Test
  void aZeroKernelOrStrideIsRefused() {
    Graph g = new Graph();
    Node x = g.placeholder("x", 1, 1, 4, 4);
    IllegalArgumentException stride = assertThrows(IllegalArgumentException.class,
        () -> maxPool2d(x, 2, 0));
    assertEquals("window: the stride must be at least 1, not 0x0; 1 visits every position, a"
        + " stride equal to the kernel gives non-overlapping windows", stride.getMessage());
    IllegalArgumentException kernel = assertThrows(IllegalArgumentException.class,
        () -> avgPool2d(x, 0, 1));
    assertEquals("window: the kernel must be at least 1x1, not 0x0", kernel.getMessage());
    IllegalArgumentException dilation = assertThrows(IllegalArgumentException.class,
        () -> new Window2d(2, 2, 1, 1, 0, 1, Padding.valid()));
    assertEquals("window: the dilation must be at least 1, not 0x1; 1 is an undilated window",
        dilation.getMessage());
  }

  @Test
  void dilationIsRefused() {
    Window2d dilated = new Window2d(2, 2, 1, 1, 2, 2, Padding.valid());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MaxPool2d(dilated));
    assertEquals("max_pool2d: dilation must be 1x1 for pooling, not 2x2; use a larger kernel"
        + " instead", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new AvgPool2d(dilated));
    assertThrows(IllegalArgumentException.class, () -> new MaxPool2dGrad(dilated));
    assertThrows(IllegalArgumentException.class, () -> new MaxPool2dSelect(dilated));
    assertThrows(IllegalArgumentException.class, () -> new AvgPool2dGrad(dilated));
  }

  @Test
  void gradientOpsCheckTheirSecondInput() {
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 2, 6, 6);
    Node badDy = g.placeholder("dy", -1, 2, 2, 2);
    Window2d w = Window2d.of(2, 2, Padding.valid());
    ShapeException e = assertThrows(ShapeException.class,
        () -> g.apply(new MaxPool2dGrad(w), x, badDy));
    assertEquals("max_pool2d_grad 'max_pool2d_grad': dy must be the pooled shape of x"
        + " f32[?,2,3,3] but is f32[?,2,2,2] (inputs: 'x' f32[?,2,6,6], 'dy' f32[?,2,2,2])",
        e.getMessage());
    assertThrows(ShapeException.class, () -> g.apply(new AvgPool2dGrad(w), badDy, x));
    ShapeException select = assertThrows(ShapeException.class,
        () -> g.apply(new MaxPool2dSelect(w), x, badDy));
    assertTrue(select.getMessage().contains("g must be shaped like x f32[?,2,6,6] but is"
        + " f32[?,2,2,2]"), select.getMessage());
    // the unknown batch of dy fits any batch of x
    Node okDy = g.placeholder("ok_dy", -1, 2, 3, 3);
    assertEquals(Shape.of(-1, 2, 6, 6), g.apply(new MaxPool2dGrad(w), x, okDy).shape());
  }

  @Test
  void theGradientGraphIsMadeOfThePoolingGradientOps() {
    Graph g = new Graph();
    Node x = g.placeholder("x", 1, 1, 4, 4);
    Node dxMax = Autodiff.gradients(sum(maxPool2d(x, 2, 2)), x).get(0);
    Node dxAvg = Autodiff.gradients(sum(avgPool2d(x, 2, 2)), x).get(0);
    List<String> types = g.nodes().stream().map(n -> n.op().type()).toList();
    assertTrue(types.contains("max_pool2d_grad") && types.contains("avg_pool2d_grad"),
        types.toString());
    assertEquals(x.shape(), dxMax.shape());
    assertEquals(x.shape(), dxAvg.shape());
  }
}
