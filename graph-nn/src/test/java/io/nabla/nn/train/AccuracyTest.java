package io.nabla.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nabla.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Counting hits, and refusing a label that is not a class instead of counting it a miss. */
class AccuracyTest {
  private static final Tensor SCORES = Tensor.matrix(new float[][] {{1, 3, 2}, {5, 0, 0}});

  @Test
  void countsRowsWhoseMaximumIsTheLabel() {
    assertEquals(2, Accuracy.correct(SCORES, Tensor.vector(1, 0)));
    int[][] confusion = new int[3][3];
    assertEquals(1, Accuracy.confuse(SCORES, Tensor.vector(2, 0), confusion));
    assertEquals(1, confusion[2][1]);
    assertEquals(1, confusion[0][0]);
  }

  @Test
  void aLabelThatIsNotAClassIsRefused() {
    for (float bad : new float[] {3f, -1f, 1.5f, Float.NaN}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Accuracy.correct(SCORES, Tensor.vector(0, bad)));
      assertEquals("the label of example 1 is " + bad + ", not a class index of the scores"
          + " f32[2,3]; labels must be whole numbers 0..2", e.getMessage());
    }
  }
}
