package io.nabla.ops.nn;

import static io.nabla.ops.NnOps.upsample2d;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.autodiff.Autodiff;
import io.nabla.core.exec.Session;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.ops.Ops;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Upsample2dTest {
  /** {@code 1 + column + 2·row}: linear, so bilinear interpolation reproduces it exactly. */
  private static final Tensor X = Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);

  private static Tensor run(Tensor x, Upsampling how) {
    Graph g = new Graph();
    Node xn = g.placeholder("x", -1, x.shape().dim(1), x.shape().dim(2), x.shape().dim(3));
    Node y = upsample2d(xn, how);
    return new Session(g).run(Map.of(xn, x), y).get(y);
  }

  @Test
  void nearestRepeatsEachPixel() {
    Tensor y = run(X, Upsampling.nearest(2));
    assertEquals(Shape.of(1, 1, 4, 4), y.shape());
    assertArrayEquals(new float[] {
        1, 1, 2, 2,
        1, 1, 2, 2,
        3, 3, 4, 4,
        3, 3, 4, 4}, y.toArray());
    // scale 1.5 along rows (3 rows from floor(i / 1.5) = 0, 0, 1), 1 along columns
    Tensor z = run(X, new Upsampling(Upsampling.Mode.NEAREST, 1.5, 1));
    assertArrayEquals(new float[] {1, 2, 1, 2, 3, 4}, z.toArray());
  }

  @Test
  void bilinearAlignsPixelCentresAndClampsAtTheBorder() {
    // sources (i + ½)/2 − ½ = −¼ → 0, ¼, ¾, 1¼ → the last row (column) and itself
    Tensor y = run(X, Upsampling.bilinear(2));
    float[] at = {0, 0.25f, 0.75f, 1};
    float[] expected = new float[16];
    for (int i = 0; i < 16; i++) {
      expected[i] = 1 + at[i % 4] + 2 * at[i / 4];
    }
    assertArrayEquals(expected, y.toArray(), 1e-6f);
  }

  @Test
  void bilinearDownsamplingAveragesNeighbours() {
    // a 1×4 row halved: sources (j + ½)·2 − ½ = ½ and 2½, so means of pixels 0,1 and 2,3
    Tensor row = Tensor.of(new float[] {1, 3, 5, 9}, 1, 1, 1, 4);
    Tensor y = run(row, new Upsampling(Upsampling.Mode.BILINEAR, 1, 0.5));
    assertArrayEquals(new float[] {2, 7}, y.toArray(), 1e-6f);
  }

  @Test
  void gradientIsTheAdjoint() {
    Random r = new Random(5);
    for (Upsampling how : List.of(Upsampling.nearest(3), Upsampling.bilinear(1.7),
        new Upsampling(Upsampling.Mode.BILINEAR, 0.75, 2.25))) {
      Tensor x = Tensor.fromFunction(Shape.of(2, 3, 4, 5), i -> r.nextGaussian());
      Graph g = new Graph();
      Node xn = g.placeholder("x", 2, 3, 4, 5);
      Node y = upsample2d(xn, how);
      Node probe = g.constant(Tensor.fromFunction(y.shape(), i -> r.nextGaussian()));
      Node dx = Autodiff.gradients(Ops.sum(Ops.mul(y, probe)), xn).get(0);
      var out = new Session(g).run(Map.of(xn, x), y, dx, probe);
      double lhs = 0;
      for (int i = 0; i < out.get(y).size(); i++) {
        lhs += (double) out.get(y).get(i) * out.get(probe).get(i);
      }
      double rhs = 0;
      for (int i = 0; i < x.size(); i++) {
        rhs += (double) x.get(i) * out.get(dx).get(i);
      }
      assertEquals(lhs, rhs, 1e-4 * Math.max(1, Math.abs(lhs)), how.toString());
    }
  }

  @Test
  void shapesAndUnknownSizes() {
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 3, 7, -1);
    assertEquals(Shape.of(-1, 3, 10, -1),
        upsample2d(x, new Upsampling(Upsampling.Mode.NEAREST, 1.5, 2)).shape());
  }

  @Test
  void nonPositiveOrInfiniteScalesAreRefused() {
    String message = "upsample2d: scale factors must be finite and above 0, not 0.0x0.0; 2"
        + " doubles the height and width, 0.5 halves them";
    assertEquals(message, assertThrows(IllegalArgumentException.class,
        () -> Upsampling.nearest(0)).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new Upsampling(Upsampling.Mode.BILINEAR, 2, -1)).getMessage()
        .startsWith("upsample2d: scale factors must be finite and above 0, not 2.0x-1.0"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Upsampling.bilinear(Double.NaN)).getMessage().contains("not NaNxNaN"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Upsampling.bilinear(Double.POSITIVE_INFINITY)).getMessage()
        .contains("not InfinityxInfinity"));
  }

  @Test
  void badShapesAreRefusedWithTheirNodes() {
    Graph g = new Graph();
    Node small = g.placeholder("small", -1, 1, 2, 2);
    ShapeException none = assertThrows(ShapeException.class,
        () -> upsample2d(small, Upsampling.bilinear(0.4)));
    assertEquals("upsample2d 'upsample2d': scaling 2 rows by 0.4 leaves none; use a scale factor"
        + " of at least 0.5 (inputs: 'small' f32[?,1,2,2])", none.getMessage());
    Node flat = g.placeholder("flat", -1, 784);
    ShapeException rank = assertThrows(ShapeException.class,
        () -> upsample2d(flat, Upsampling.nearest(2)));
    assertTrue(rank.getMessage().startsWith("upsample2d 'upsample2d': input must be [N,C,H,W]"
        + " but is f32[?,784]"), rank.getMessage());
    ShapeException dy = assertThrows(ShapeException.class, () -> g.apply(
        new Upsample2dGrad(Upsampling.nearest(2)), g.placeholder("dy", -1, 1, 3, 4), small));
    assertTrue(dy.getMessage().contains("dy f32[?,1,3,4] is not the shape f32[?,1,4,4] that"
        + " upsample2d of f32[?,1,2,2] produces"), dy.getMessage());
  }
}
