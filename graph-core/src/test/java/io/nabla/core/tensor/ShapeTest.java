package io.nabla.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShapeTest {

  @Test
  void canEqualWhenRanksMatchAndNoKnownDimensionDiffers() {
    assertTrue(Shape.of(-1, 3).canEqual(Shape.of(5, 3)));
    assertTrue(Shape.of(-1, 3).canEqual(Shape.of(-1, -1)));
    assertFalse(Shape.of(-1, 3).canEqual(Shape.of(5, 4)));
    assertFalse(Shape.of(3).canEqual(Shape.of(3, 1)));
  }

  @Test
  void ofKeepsDimensionsAndRank() {
    Shape s = Shape.of(2, 3, 4);
    assertEquals(3, s.rank());
    assertArrayEquals(new int[] {2, 3, 4}, s.dims());
    assertEquals(24, s.size());
    assertFalse(s.isScalar());
    assertTrue(s.isKnown());
  }

  @Test
  void ofCopiesTheArrayItIsGiven() {
    int[] dims = {2, 3};
    Shape s = Shape.of(dims);
    dims[0] = 7;
    assertEquals(2, s.dim(0));
  }

  @Test
  void dimsReturnsACopy() {
    Shape s = Shape.of(2, 3);
    s.dims()[0] = 9;
    assertEquals(Shape.of(2, 3), s);
  }

  @Test
  void scalarHasRankZeroAndOneElement() {
    assertSame(Shape.scalar(), Shape.of());
    assertTrue(Shape.scalar().isScalar());
    assertEquals(0, Shape.scalar().rank());
    assertEquals(1, Shape.scalar().size());
    assertEquals("[]", Shape.scalar().toString());
    assertEquals("f32[]", Shape.scalar().describe());
  }

  @Test
  void negativeAxesCountFromTheEnd() {
    Shape s = Shape.of(5, 6, 7);
    assertEquals(7, s.dim(-1));
    assertEquals(6, s.dim(-2));
    assertEquals(5, s.dim(-3));
    assertEquals(5, s.dim(0));
    assertEquals(1, s.normalizeAxis(-2));
  }

  @Test
  void axisOutOfRangeIsRefused() {
    Shape s = Shape.of(2, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.dim(2));
    assertEquals("axis 2 is out of range for [2,3] of rank 2", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> s.dim(-3));
    assertEquals("axis -3 is out of range for [2,3] of rank 2", e.getMessage());
  }

  @Test
  void unknownDimensionsArePrintedAsQuestionMarks() {
    Shape s = Shape.of(Shape.UNKNOWN, 784);
    assertEquals("[?,784]", s.toString());
    assertEquals("f32[?,784]", s.describe());
    assertEquals(Shape.UNKNOWN, s.dim(0));
    assertFalse(s.isKnown());
  }

  @Test
  void sizeOfAShapeWithUnknownDimensionsFails() {
    Shape s = Shape.of(-1, 784);
    IllegalStateException e = assertThrows(IllegalStateException.class, s::size);
    assertEquals("shape [?,784] has unknown dimensions and no size yet", e.getMessage());
  }

  @Test
  void sizeThatOverflowsAnArrayFails() {
    Shape s = Shape.of(65536, 65536);
    IllegalStateException e = assertThrows(IllegalStateException.class, s::size);
    assertEquals("shape [65536,65536] has 4294967296 elements, more than one float array can"
        + " hold", e.getMessage());
  }

  @Test
  void zeroSizedDimensionsAreAllowed() {
    assertEquals(0, Shape.of(0, 3).size());
  }

  @Test
  void invalidDimensionIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Shape.of(3, -2));
    assertEquals("dimension 1 of [3, -2] is -2; dimensions are sizes >= 0, or -1 for unknown",
        e.getMessage());
  }

  @Test
  void acceptsConcreteShapesThatFitTheKnownDimensions() {
    Shape partial = Shape.of(-1, 784);
    assertTrue(partial.accepts(Shape.of(32, 784)));
    assertTrue(partial.accepts(Shape.of(1, 784)));
    assertFalse(partial.accepts(Shape.of(32, 783)));
    assertFalse(partial.accepts(Shape.of(784)));
    assertFalse(partial.accepts(Shape.of(1, 32, 784)));
    assertTrue(Shape.of(2, 3).accepts(Shape.of(2, 3)));
    assertFalse(Shape.of(2, 3).accepts(Shape.of(3, 2)));
    assertTrue(Shape.scalar().accepts(Shape.scalar()));
    assertFalse(Shape.scalar().accepts(Shape.of(1)));
  }

  @Test
  void withDimReplacesOneDimension() {
    assertEquals(Shape.of(8, 784), Shape.of(-1, 784).withDim(0, 8));
    assertEquals(Shape.of(2, 5), Shape.of(2, 3).withDim(-1, 5));
    assertEquals(Shape.of(2, 3), Shape.of(2, 3).withDim(-1, 5).withDim(1, 3));
  }

  @Test
  void stridesAreRowMajor() {
    assertArrayEquals(new int[] {12, 4, 1}, Shape.of(2, 3, 4).strides());
    assertArrayEquals(new int[] {1}, Shape.of(5).strides());
    assertArrayEquals(new int[0], Shape.scalar().strides());
    assertArrayEquals(new int[] {3, 1, 1}, Shape.of(2, 3, 1).strides());
  }

  @Test
  void equalityIsByDimensions() {
    assertEquals(Shape.of(2, 3), Shape.of(2, 3));
    assertEquals(Shape.of(2, 3).hashCode(), Shape.of(2, 3).hashCode());
    assertNotEquals(Shape.of(2, 3), Shape.of(3, 2));
    assertNotEquals(Shape.of(-1, 3), Shape.of(1, 3));
    assertNotEquals(Shape.of(1), Shape.scalar());
  }
}
