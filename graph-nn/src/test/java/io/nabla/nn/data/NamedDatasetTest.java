package io.nabla.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NamedDatasetTest {

  /** Example i: image filled with i, size = 10 i, class i % 3, price [i, -i]. */
  private static Dataset numbered(int n) {
    return Dataset.builder()
        .input("image", Tensor.fromFunction(Shape.of(n, 1, 2, 2), k -> k / 4))
        .input("size", Tensor.fromFunction(Shape.of(n, 1), k -> 10 * k))
        .labels("class", Tensor.fromFunction(Shape.of(n), k -> k % 3))
        .target("price", Tensor.fromFunction(Shape.of(n, 2), k -> k % 2 == 0 ? k / 2 : -(k / 2)))
        .build();
  }

  @Test
  void batchesShufflingSlicingAndSplittingKeepEveryTensorsRowsTogether() {
    Dataset d = numbered(10);
    assertEquals(List.of("image", "size"), d.inputNames());
    assertEquals(List.of("class", "price"), d.targetNames());
    assertEquals(3, d.numClasses());
    for (Dataset view : List.of(d.shuffled(3), d.slice(2, 9), d.split(0.6, 1).test(),
        d.scaled(2).scaled(0.5f))) {
      for (Batch b : view.batches(3, new Random(4))) {
        for (int r = 0; r < b.size(); r++) {
          int i = (int) b.inputs().get("image").get(r * 4);
          assertEquals(10f * i, b.inputs().get("size").get(r));
          assertEquals(i % 3, b.targets().get("class").get(r));
          assertEquals(i, b.targets().get("price").get(r * 2));
          assertEquals(-i, b.targets().get("price").get(r * 2 + 1));
        }
      }
    }
    assertArrayEquals(new float[] {4, -4, 5, -5}, d.slice(4, 6).target("price").toArray());
    assertEquals(Shape.of(4), d.reshaped("image", 4).shape("image"));
    assertEquals("Dataset[10 × image f32[1,2,2], size f32[1] → class (classes), price f32[2]]",
        d.toString());
  }

  @Test
  void badTensorsAreRefusedByName() {
    assertEquals("'size' holds 4 values, which are not 3 examples of f32[1] like 'image'",
        assertThrows(IllegalArgumentException.class, () -> Dataset.builder()
            .input("image", Tensor.zeros(3, 2)).input("size", Tensor.zeros(4, 1)).build())
            .getMessage());
    assertEquals("the label of example 1 in 'class' is 0.5; class labels are whole numbers 0, 1, 2,"
        + " … (class indices)", assertThrows(IllegalArgumentException.class, () -> Dataset.builder()
            .input("x", Tensor.zeros(2, 2)).labels("class", Tensor.vector(0, 0.5f)).build())
            .getMessage());
    assertEquals("a dataset's tensors need different names; 'x' is given twice",
        assertThrows(IllegalArgumentException.class, () -> Dataset.builder()
            .input("x", Tensor.zeros(2, 2)).target("x", Tensor.zeros(2)).build())
            .getMessage());
    assertEquals("the dataset has no input 'pixels'; its inputs are image, size",
        assertThrows(IllegalArgumentException.class, () -> numbered(3).input("pixels"))
            .getMessage());
    assertEquals("the dataset has 2 inputs (image, size); name the one you mean",
        assertThrows(IllegalStateException.class, () -> numbered(3).features()).getMessage());
  }
}
