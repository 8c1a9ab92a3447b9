package io.nabla.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Model.predict refuses what is not a batch of its examples, saying which reshape would fit. */
class PredictInputTest {
  private final Model cnn = Cnn.input(1, 4, 4).conv(2, 3, 1).relu().flatten().dense(3).build(0);

  private static String refused(Executable bad) {
    return assertThrows(IllegalArgumentException.class, bad).getMessage();
  }

  @Test
  void aSingleExampleNeedsItsBatchAxis() {
    assertEquals("the model takes a batch f32[?,1,4,4] but was given a single example"
        + " f32[1,4,4]; add the batch axis: reshape it to [1,1,4,4]",
        refused(() -> cnn.predict(Tensor.zeros(1, 4, 4))));
  }

  @Test
  void anotherRankIsRefused() {
    assertEquals("the model takes a batch f32[?,1,4,4] but was given f32[2,16] (rank 2 instead"
        + " of 4); reshape it to [n,1,4,4]", refused(() -> cnn.predict(Tensor.zeros(2, 16))));
  }

  @Test
  void examplesOfAnotherShapeAreRefused() {
    assertEquals("the model takes examples of f32[1,4,4] but was given f32[2,1,2,8] (examples of"
        + " f32[1,2,8]); reshape it to [2,1,4,4]",
        refused(() -> cnn.predict(Tensor.zeros(2, 1, 2, 8))));
    assertEquals("the model takes examples of f32[1,4,4] but was given f32[2,3,4,4] (examples of"
        + " f32[3,4,4]); each example has 48 values but the model takes 16; the data does not"
        + " fit this model", refused(() -> cnn.predict(Tensor.zeros(2, 3, 4, 4))));
  }

  @Test
  void anEmptyBatchIsRefused() {
    assertEquals("the model was given an empty batch f32[0,1,4,4]; give at least one example",
        refused(() -> cnn.predict(Tensor.zeros(0, 1, 4, 4))));
    assertEquals("the input is null",
        assertThrows(NullPointerException.class, () -> cnn.predict((Tensor) null)).getMessage());
  }

  @Test
  void aGoodBatchPasses() {
    assertEquals(Shape.of(2, 3), cnn.predict(Tensor.zeros(2, 1, 4, 4)).shape());
  }
}
