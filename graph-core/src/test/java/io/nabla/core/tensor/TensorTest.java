package io.nabla.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTest {

  @Test
  void ofLaysValuesOutRowMajor() {
    Tensor t = Tensor.of(Shape.of(2, 3), 1, 2, 3, 4, 5, 6);
    assertEquals(Shape.of(2, 3), t.shape());
    assertEquals(6, t.size());
    assertEquals(1f, t.at(0, 0));
    assertEquals(3f, t.at(0, 2));
    assertEquals(4f, t.at(1, 0));
    assertEquals(6f, t.at(1, 2));
    assertEquals(5f, t.get(4));
  }

  @Test
  void ofWithDimsMatchesOfWithShape() {
    float[] v = {1, 2, 3, 4};
    assertEquals(Tensor.of(Shape.of(2, 2), v), Tensor.of(v, 2, 2));
  }

  @Test
  void ofCopiesTheSourceArray() {
    float[] src = {1, 2, 3, 4};
    Tensor t = Tensor.of(Shape.of(2, 2), src);
    src[0] = 99;
    assertEquals(1f, t.at(0, 0));
    Tensor u = Tensor.of(src, 4);
    src[1] = 99;
    assertEquals(2f, u.get(1));
  }

  @Test
  void vectorCopiesTheSourceArray() {
    float[] src = {1, 2, 3};
    Tensor t = Tensor.vector(src);
    src[2] = 99;
    assertEquals(Shape.of(3), t.shape());
    assertArrayEquals(new float[] {1, 2, 3}, t.toArray());
  }

  @Test
  void matrixCopiesTheSourceRows() {
    float[][] rows = {{1, 2, 3}, {4, 5, 6}};
    Tensor t = Tensor.matrix(rows);
    rows[1][0] = 99;
    assertEquals(Shape.of(2, 3), t.shape());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, t.toArray());
  }

  @Test
  void matrixWithRaggedRowsIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.matrix(new float[][] {{1, 2}, {3}}));
    assertEquals("row 1 has 1 columns but row 0 has 2", e.getMessage());
  }

  @Test
  void toArrayReturnsACopy() {
    Tensor t = Tensor.vector(1, 2, 3);
    float[] a = t.toArray();
    a[0] = 99;
    assertEquals(1f, t.get(0));
    assertNotSame(t.data(), t.toArray());
  }

  @Test
  void dataIsTheLiveArray() {
    Tensor t = Tensor.vector(1, 2, 3);
    t.data()[0] = 7;
    assertEquals(7f, t.get(0));
  }

  @Test
  void copyIsIndependent() {
    Tensor t = Tensor.vector(1, 2, 3);
    Tensor c = t.copy();
    c.data()[0] = 99;
    assertEquals(1f, t.get(0));
    assertEquals(Tensor.vector(1, 2, 3), t);
  }

  @Test
  void valuesThatDoNotFillTheShapeAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.of(Shape.of(2, 3), 1, 2, 3, 4, 5));
    assertEquals("5 values do not fill shape [2,3], which holds 6", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[] {1, 2, 3}, 2, 2));
  }

  @Test
  void aShapeWithUnknownDimensionsIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.zeros(Shape.of(-1, 3)));
    assertEquals("a tensor needs a fully known shape, not [?,3]", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Tensor.of(Shape.of(-1), 1f));
    assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(Shape.of(-1), new float[4]));
  }

  @Test
  void atRefusesWrongRankAndOutOfRangeIndices() {
    Tensor t = Tensor.zeros(2, 3);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> t.at(1));
    assertEquals("1 coordinates for a tensor of rank 2", e.getMessage());
    IndexOutOfBoundsException o =
        assertThrows(IndexOutOfBoundsException.class, () -> t.at(0, 3));
    assertEquals("index (3) must be less than size (3)", o.getMessage());
    assertThrows(IndexOutOfBoundsException.class, () -> t.at(2, 0));
    assertThrows(IndexOutOfBoundsException.class, () -> t.at(-1, 0));
  }

  @Test
  void atOfAScalarTakesNoCoordinates() {
    assertEquals(4.5f, Tensor.scalar(4.5f).at());
  }

  @Test
  void atOfRankThree() {
    Tensor t = Tensor.fromFunction(Shape.of(2, 3, 4), i -> i);
    assertEquals(1 * 12 + 2 * 4 + 3, t.at(1, 2, 3));
    assertEquals(4, t.at(0, 1, 0));
  }

  @Test
  void getRefusesAnIndexPastTheShapeEvenInALongerBuffer() {
    Tensor t = Tensor.wrap(Shape.of(2), new float[] {1, 2, 3});
    assertEquals(2, t.size());
    assertThrows(IndexOutOfBoundsException.class, () -> t.get(2));
    assertArrayEquals(new float[] {1, 2}, t.toArray());
  }

  @Test
  void itemNeedsExactlyOneElement() {
    assertEquals(3f, Tensor.scalar(3f).item());
    assertEquals(5f, Tensor.of(new float[] {5}, 1, 1).item());
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Tensor.vector(1, 2).item());
    assertEquals("item() needs one element, this tensor is [2]", e.getMessage());
  }

  @Test
  void zerosAndFilled() {
    assertArrayEquals(new float[6], Tensor.zeros(2, 3).toArray());
    assertArrayEquals(new float[] {2.5f, 2.5f, 2.5f},
        Tensor.filled(Shape.of(3), 2.5f).toArray());
    assertEquals(Shape.of(2, 3), Tensor.zeros(Shape.of(2, 3)).shape());
  }

  @Test
  void fromFunctionSeesFlatIndices() {
    assertArrayEquals(new float[] {0, 10, 20, 30},
        Tensor.fromFunction(Shape.of(2, 2), i -> 10 * i).toArray());
  }

  @Test
  void wrapSharesTheArray() {
    float[] buf = {1, 2, 3, 4};
    Tensor t = Tensor.wrap(Shape.of(2, 2), buf);
    assertSame(buf, t.data());
    buf[0] = 9;
    assertEquals(9f, t.at(0, 0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.wrap(Shape.of(3, 2), buf));
    assertEquals("buffer of 4 floats is too small for [3,2]", e.getMessage());
  }

  @Test
  void reshapeKeepsValuesAndCopies() {
    Tensor t = Tensor.vector(1, 2, 3, 4, 5, 6);
    Tensor r = t.reshape(3, 2);
    assertEquals(Shape.of(3, 2), r.shape());
    assertEquals(4f, r.at(1, 1));
    r.data()[0] = 99;
    assertEquals(1f, t.get(0));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> t.reshape(4, 2));
    assertEquals("cannot reshape [6] into [4,2]", e.getMessage());
  }

  @Test
  void equalsComparesShapeAndValues() {
    Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
    assertEquals(a, Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
    assertEquals(a.hashCode(), Tensor.of(new float[] {1, 2, 3, 4}, 2, 2).hashCode());
    assertNotEquals(a, Tensor.of(new float[] {1, 2, 3, 4}, 4));
    assertNotEquals(a, Tensor.of(new float[] {1, 2, 3, 5}, 2, 2));
    assertNotEquals(a, "not a tensor");
  }

  @Test
  void equalsIgnoresTheUnusedTailOfALongerBuffer() {
    Tensor wrapped = Tensor.wrap(Shape.of(2), new float[] {1, 2, 77});
    assertEquals(Tensor.vector(1, 2), wrapped);
    assertEquals(Tensor.vector(1, 2).hashCode(), wrapped.hashCode());
  }

  @Test
  void allCloseUsesTheTolerance() {
    Tensor a = Tensor.vector(1f, 2f);
    assertTrue(a.allClose(Tensor.vector(1.05f, 1.95f), 0.1f));
    assertFalse(a.allClose(Tensor.vector(1.2f, 2f), 0.1f));
    assertFalse(a.allClose(Tensor.of(new float[] {1f, 2f}, 1, 2), 1f));
  }

  @Test
  void allCloseIsFalseForNaN() {
    Tensor a = Tensor.vector(Float.NaN);
    assertFalse(a.allClose(Tensor.vector(Float.NaN), 1f));
    assertFalse(Tensor.vector(0f).allClose(a, 1f));
  }

  @Test
  void toStringShowsShapeAndAtMostSixteenValues() {
    assertEquals("f32[2,2] [1.0, 2.0, 3.0, 4.0]",
        Tensor.of(new float[] {1, 2, 3, 4}, 2, 2).toString());
    String longOne = Tensor.zeros(17).toString();
    assertTrue(longOne.startsWith("f32[17] [0.0, "), longOne);
    assertTrue(longOne.endsWith(", …]"), longOne);
    // 16 values and the ellipsis: 16 separators
    assertEquals(16, longOne.split(", ", -1).length - 1, longOne);
  }
}
