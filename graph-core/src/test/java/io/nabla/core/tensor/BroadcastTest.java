package io.nabla.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BroadcastTest {

  private static Optional<Shape> b(Shape a, Shape c) {
    return Broadcast.shapes(a, c);
  }

  @Test
  void equalShapesBroadcastToThemselves() {
    assertEquals(Optional.of(Shape.of(2, 3)), b(Shape.of(2, 3), Shape.of(2, 3)));
    assertEquals(Optional.of(Shape.scalar()), b(Shape.scalar(), Shape.scalar()));
  }

  @Test
  void shapesAlignOnTheLastDimension() {
    assertEquals(Optional.of(Shape.of(2, 3)), b(Shape.of(2, 3), Shape.of(3)));
    assertEquals(Optional.of(Shape.of(2, 3)), b(Shape.of(3), Shape.of(2, 3)));
    assertEquals(Optional.of(Shape.of(2, 3)), b(Shape.of(2, 1), Shape.of(1, 3)));
    assertEquals(Optional.of(Shape.of(4, 2, 3)), b(Shape.of(4, 1, 3), Shape.of(2, 1)));
    assertEquals(Optional.of(Shape.of(2, 3)), b(Shape.scalar(), Shape.of(2, 3)));
    assertEquals(Optional.of(Shape.of(0, 3)), b(Shape.of(0, 1), Shape.of(3)));
  }

  @Test
  void incompatibleShapesGiveEmpty() {
    assertEquals(Optional.empty(), b(Shape.of(2, 3), Shape.of(4, 3)));
    assertEquals(Optional.empty(), b(Shape.of(3), Shape.of(2)));
    assertEquals(Optional.empty(), b(Shape.of(2, 3), Shape.of(2)));
  }

  @Test
  void unknownDimensionsTakeTheKnownSizeOrStayUnknown() {
    assertEquals(Optional.of(Shape.of(-1, 3)), b(Shape.of(-1, 3), Shape.of(3)));
    assertEquals(Optional.of(Shape.of(-1, 3)), b(Shape.of(-1, 3), Shape.of(1, 3)));
    assertEquals(Optional.of(Shape.of(-1, 3)), b(Shape.of(-1, 3), Shape.of(-1, 1)));
    assertEquals(Optional.of(Shape.of(5, 3)), b(Shape.of(-1, 3), Shape.of(5, 3)));
    assertEquals(Optional.of(Shape.of(5, 3)), b(Shape.of(5, 1), Shape.of(-1, 3)));
    assertEquals(Optional.of(Shape.of(-1)), b(Shape.of(-1), Shape.of(-1)));
    assertEquals(Optional.of(Shape.of(-1)), b(Shape.of(-1), Shape.scalar()));
    assertEquals(Optional.empty(), b(Shape.of(-1, 3), Shape.of(4)));
  }

  @Test
  void broadcastsToIsExactForConcreteShapes() {
    assertTrue(Broadcast.broadcastsTo(Shape.of(3), Shape.of(2, 3)));
    assertTrue(Broadcast.broadcastsTo(Shape.of(2, 1), Shape.of(2, 3)));
    assertTrue(Broadcast.broadcastsTo(Shape.scalar(), Shape.of(2, 3)));
    assertTrue(Broadcast.broadcastsTo(Shape.of(1, 1), Shape.of(2, 3)));
    assertTrue(Broadcast.broadcastsTo(Shape.of(2, 3), Shape.of(2, 3)));
    assertFalse(Broadcast.broadcastsTo(Shape.of(2, 3), Shape.of(3)));
    assertFalse(Broadcast.broadcastsTo(Shape.of(2), Shape.of(2, 3)));
    // broadcasting goes one way only: 3 does not shrink to 1
    assertFalse(Broadcast.broadcastsTo(Shape.of(2, 3), Shape.of(2, 1)));
    assertFalse(Broadcast.broadcastsTo(Shape.of(1), Shape.scalar()));
  }

  @Test
  void stridesAreZeroAlongBroadcastAxes() {
    assertArrayEquals(new int[] {0, 1}, Broadcast.strides(Shape.of(3), Shape.of(2, 3)));
    assertArrayEquals(new int[] {1, 0}, Broadcast.strides(Shape.of(2, 1), Shape.of(2, 3)));
    assertArrayEquals(new int[] {0, 0}, Broadcast.strides(Shape.scalar(), Shape.of(2, 3)));
    assertArrayEquals(new int[] {3, 1}, Broadcast.strides(Shape.of(2, 3), Shape.of(2, 3)));
    assertArrayEquals(new int[] {0, 3, 0, 1},
        Broadcast.strides(Shape.of(2, 1, 3), Shape.of(5, 2, 4, 3)));
  }

  private record Row(int out, int[] in) {}

  private static List<Row> rows(Shape out, int[][] strides) {
    List<Row> rows = new ArrayList<>();
    Broadcast.forEachRow(out, strides, (o, offsets) -> rows.add(new Row(o, offsets.clone())));
    return rows;
  }

  @Test
  void forEachRowVisitsEveryRowWithTheInputOffsets() {
    Shape out = Shape.of(2, 3, 4);
    int[][] strides = {
        Broadcast.strides(Shape.of(2, 3, 4), out),
        Broadcast.strides(Shape.of(3, 1), out),
        Broadcast.strides(Shape.of(2, 1, 4), out),
    };
    List<Row> rows = rows(out, strides);
    assertEquals(6, rows.size());
    for (int r = 0; r < 6; r++) {
      int i = r / 3;
      int j = r % 3;
      Row row = rows.get(r);
      assertEquals(r * 4, row.out(), "row " + r);
      assertArrayEquals(new int[] {r * 4, j, i * 4}, row.in(), "row " + r);
    }
  }

  @Test
  void forEachRowOfARowVectorAndOfAScalar() {
    List<Row> vector = rows(Shape.of(5), new int[][] {{1}});
    assertEquals(1, vector.size());
    assertEquals(0, vector.get(0).out());
    assertArrayEquals(new int[] {0}, vector.get(0).in());

    List<Row> scalar = rows(Shape.scalar(), new int[][] {{}});
    assertEquals(1, scalar.size());
    assertArrayEquals(new int[] {0}, scalar.get(0).in());
  }

  @Test
  void forEachRowOfAnEmptyShapeVisitsNothing() {
    assertEquals(0, rows(Shape.of(0, 3), new int[][] {{3, 1}}).size());
    assertEquals(0, rows(Shape.of(3, 0), new int[][] {{0, 1}}).size());
  }

  @Test
  void forEachRowComputesABroadcastSum() {
    // a [2,1,3] + b [4,1]  ->  [2,4,3]
    Shape as = Shape.of(2, 1, 3);
    Shape bs = Shape.of(4, 1);
    Shape out = Broadcast.shapes(as, bs).orElseThrow();
    assertEquals(Shape.of(2, 4, 3), out);
    float[] a = {1, 2, 3, 4, 5, 6};
    float[] bv = {10, 20, 30, 40};
    float[] o = new float[out.size()];
    int[][] strides = {Broadcast.strides(as, out), Broadcast.strides(bs, out)};
    Broadcast.forEachRow(out, strides, (oo, off) -> {
      for (int k = 0; k < 3; k++) {
        o[oo + k] = a[off[0] + k * strides[0][2]] + bv[off[1] + k * strides[1][2]];
      }
    });
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 4; j++) {
        for (int k = 0; k < 3; k++) {
          assertEquals(a[i * 3 + k] + bv[j], o[(i * 4 + j) * 3 + k], i + "," + j + "," + k);
        }
      }
    }
  }
}
