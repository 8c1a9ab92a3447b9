package io.nabla.core.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nabla.core.primitive.Identity;
import io.nabla.core.tensor.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShapeRulesTest {
  private final Op op = new Identity();

  @Test
  void arityCountsInputs() {
    ShapeRules.arity(op, List.of(Shape.of(2)), 1);
    ShapeException e = assertThrows(ShapeException.class,
        () -> ShapeRules.arity(op, List.of(Shape.of(2)), 2));
    assertEquals("takes 2 inputs but was given 1", e.getMessage());
    e = assertThrows(ShapeException.class,
        () -> ShapeRules.arity(op, List.of(Shape.of(2), Shape.of(2)), 1));
    assertEquals("takes 1 input but was given 2", e.getMessage());
  }

  @Test
  void unaryKeepsTheShape() {
    assertEquals(Shape.of(-1, 3), ShapeRules.unary(op, List.of(Shape.of(-1, 3))));
  }

  @Test
  void broadcastGivesTheBroadcastShapeOrSaysWhy() {
    assertEquals(Shape.of(-1, 3),
        ShapeRules.broadcast(op, List.of(Shape.of(-1, 3), Shape.of(3))));
    ShapeException e = assertThrows(ShapeException.class,
        () -> ShapeRules.broadcast(op, List.of(Shape.of(-1, 784), Shape.of(128))));
    assertEquals("shapes do not broadcast: a f32[?,784] and b f32[128]; trailing dimensions"
        + " must be equal or 1. Reshape one side, or add the missing axis as a dimension of"
        + " size 1", e.getMessage());
  }

  @Test
  void rankIsChecked() {
    ShapeRules.rank("weight", Shape.of(2, 3), 2);
    ShapeException e = assertThrows(ShapeException.class,
        () -> ShapeRules.rank("weight", Shape.of(6), 2));
    assertEquals("weight must have rank 2 but is f32[6]", e.getMessage());
  }

  @Test
  void axesMaskNormalisesNegativeAxes() {
    assertArrayEquals(new boolean[] {true, false, true},
        ShapeRules.axesMask(new int[] {0, -1}, 3, Shape.of(2, 3, 4)));
  }

  @Test
  void axesMaskRefusesOutOfRangeAndRepeatedAxes() {
    ShapeException e = assertThrows(ShapeException.class,
        () -> ShapeRules.axesMask(new int[] {3}, 3, Shape.of(2, 3, 4)));
    assertEquals("axis 3 is out of range for f32[2,3,4]; valid axes are -3 to 2",
        e.getMessage());
    e = assertThrows(ShapeException.class,
        () -> ShapeRules.axesMask(new int[] {1, -2}, 3, Shape.of(2, 3, 4)));
    assertEquals("axis -2 is given twice", e.getMessage());
  }
}
