package io.nabla.core.primitive;

import static io.nabla.core.primitive.OpRunner.iota;
import static io.nabla.core.primitive.OpRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BroadcastLikeTest {
  private final BroadcastLike op = new BroadcastLike();

  @Test
  void repeatsARowVector() {
    assertEquals(Tensor.of(new float[] {1, 2, 3, 1, 2, 3}, 2, 3),
        run(op, Tensor.vector(1, 2, 3), Tensor.zeros(2, 3)));
  }

  @Test
  void repeatsAColumnVector() {
    assertEquals(Tensor.of(new float[] {1, 1, 1, 2, 2, 2}, 2, 3),
        run(op, Tensor.of(new float[] {1, 2}, 2, 1), Tensor.zeros(2, 3)));
  }

  @Test
  void fillsFromAScalarOrAOneByOne() {
    assertEquals(Tensor.filled(Shape.of(2, 3), 7f),
        run(op, Tensor.scalar(7f), Tensor.zeros(2, 3)));
    assertEquals(Tensor.filled(Shape.of(2, 3), 7f),
        run(op, Tensor.of(new float[] {7}, 1, 1), Tensor.zeros(2, 3)));
    assertEquals(Tensor.scalar(7f), run(op, Tensor.scalar(7f), Tensor.scalar(0f)));
    assertEquals(Tensor.filled(Shape.of(4), 7f), run(op, Tensor.scalar(7f), Tensor.zeros(4)));
  }

  @Test
  void theSameShapeIsACopy() {
    assertEquals(iota(2, 3), run(op, iota(2, 3), Tensor.zeros(2, 3)));
  }

  @Test
  void rankThreeFromAMiddleAxis() {
    // x [3,1] to [2,3,4]: out[i][j][k] = x[j]
    Tensor out = run(op, Tensor.of(new float[] {10, 20, 30}, 3, 1), Tensor.zeros(2, 3, 4));
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 4; k++) {
          assertEquals(10f * (j + 1), out.at(i, j, k));
        }
      }
    }
  }

  @Test
  void theOutputHasTheShapeOfLike() {
    assertEquals(Shape.of(2, 3), op.outputShape(List.of(Shape.of(3), Shape.of(2, 3))));
    assertEquals(Shape.of(-1, 3), op.outputShape(List.of(Shape.of(3), Shape.of(-1, 3))));
    assertEquals(Shape.of(-1, 3), op.outputShape(List.of(Shape.of(-1, 1), Shape.of(-1, 3))));
  }

  @Test
  void aSourceThatDoesNotBroadcastIsRefused() {
    ShapeException e = assertThrows(ShapeException.class,
        () -> op.outputShape(List.of(Shape.of(2, 3), Shape.of(3))));
    assertEquals("cannot broadcast f32[2,3] to f32[3]: trailing dimensions must be equal or 1",
        e.getMessage());
    e = assertThrows(ShapeException.class,
        () -> op.outputShape(List.of(Shape.of(2, 3), Shape.of(2, 1))));
    assertEquals("cannot broadcast f32[2,3] to f32[2,1]: trailing dimensions must be equal or 1",
        e.getMessage());
    assertThrows(ShapeException.class,
        () -> op.outputShape(List.of(Shape.of(4), Shape.of(-1, 3))));
    assertThrows(ShapeException.class,
        () -> op.outputShape(List.of(Shape.of(-1, -1), Shape.of(-1))));
  }

  /** Adjoints: {@code <broadcast(x), y> = <x, sum_like(y)>} for any x and y. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void isTheAdjointOfSumLike(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Shape[][] pairs = {
        {Shape.of(3), Shape.of(2, 3)},
        {Shape.of(2, 1), Shape.of(2, 3)},
        {Shape.of(4, 1, 3), Shape.of(2, 4, 5, 3)},
        {Shape.scalar(), Shape.of(3, 2)},
    };
    for (Shape[] p : pairs) {
      Tensor x = Tensor.fromFunction(p[0], i -> r.nextDouble(-1, 1));
      Tensor y = Tensor.fromFunction(p[1], i -> r.nextDouble(-1, 1));
      Tensor bx = run(op, x, y);
      Tensor sy = run(new SumLike(), y, x);
      assertEquals(p[1], bx.shape());
      assertEquals(p[0], sy.shape());
      assertEquals(dot(bx, y), dot(x, sy), 1e-4, p[0] + " -> " + p[1]);
    }
  }

  private static double dot(Tensor a, Tensor b) {
    double s = 0;
    for (int i = 0; i < a.size(); i++) {
      s += (double) a.get(i) * b.get(i);
    }
    return s;
  }

  @Test
  void itsGradientSumsTheUpstreamBackToTheSource() {
    Graph g = new Graph();
    Node x = g.placeholder("x", 3);
    Node like = g.placeholder("like", 2, 3);
    Node y = g.apply(op, x, like);
    Node dy = g.placeholder("dy", 2, 3);
    List<Node> grads = op.gradient(new GradContext(y, dy));
    assertEquals(2, grads.size());
    assertInstanceOf(SumLike.class, grads.get(0).op());
    assertEquals(List.of(dy, x), grads.get(0).inputs());
    assertEquals(Shape.of(3), grads.get(0).shape());
    assertNull(grads.get(1));
    assertTrue(op.isDifferentiable(0));
    assertFalse(op.isDifferentiable(1));
  }
}
