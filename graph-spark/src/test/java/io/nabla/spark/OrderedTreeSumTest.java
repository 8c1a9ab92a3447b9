package io.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Whatever order Spark delivers the partitions' shares in, the sum has the same bits. */
class OrderedTreeSumTest {
  private static PartialSum share(int p) {
    Random r = new Random(p);
    float[] a = new float[64];
    for (int i = 0; i < a.length; i++) {
      // magnitudes far apart, so that another association would round differently
      a[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(8)));
    }
    return new PartialSum(7, p, new double[] {p}, new float[][] {a}, new int[][] {{64}}, null,
        new double[] {p});
  }

  private static PartialSum sumInOrder(int n, List<Integer> order, Random merges) {
    List<OrderedTreeSum> parts = new ArrayList<>();
    for (int p : order) {
      parts.add(OrderedTreeSum.leaf(n, p, share(p)));
    }
    while (parts.size() > 1) {
      int i = merges.nextInt(parts.size() - 1);
      parts.add(OrderedTreeSum.merge(parts.remove(i), parts.remove(i)));
    }
    return parts.get(0).total();
  }

  @Test
  void anyOrderOfArrivalGivesTheSameBits() {
    for (int n = 1; n <= 9; n++) {
      List<Integer> order = new ArrayList<>();
      for (int p = 0; p < n; p++) {
        order.add(p);
      }
      PartialSum reference = sumInOrder(n, order, new Random(0));
      for (int trial = 0; trial < 20; trial++) {
        Collections.shuffle(order, new Random(trial));
        PartialSum s = sumInOrder(n, order, new Random(trial + 100));
        assertArrayEquals(reference.arrays[0], s.arrays[0], 0f, n + " partitions");
        assertEquals(reference.loss, s.loss, 0.0);
      }
      assertEquals(n * (n - 1) / 2.0, reference.loss, 0.0);
    }
  }

  @Test
  void aMissingPartitionIsAnError() {
    OrderedTreeSum s = OrderedTreeSum.merge(OrderedTreeSum.leaf(3, 0, share(0)),
        OrderedTreeSum.leaf(3, 2, share(2)));
    IllegalStateException e = assertThrows(IllegalStateException.class, s::total);
    assertEquals("the step's sum lacks partitions: 2 pending blocks for 3 partitions",
        e.getMessage());
  }

  @Test
  void sharesOfOtherWeightsAreNotSummed() {
    PartialSum other = new PartialSum(8, 0, new double[] {0}, new float[][] {new float[64]},
        new int[][] {{64}}, null, new double[] {0});
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> share(0).plus(other));
    assertEquals("a step summed values of weights version 7 and 8; every partition must"
        + " compute from the same weights", e.getMessage());
  }

  @Test
  void differentlyNamedStatesAreNotSummed() {
    PartialSum a = new PartialSum(7, 0, new double[0], new float[][] {new float[2]},
        new int[][] {{2}}, new String[] {"dense/weight"}, new double[0]);
    PartialSum b = new PartialSum(7, 0, new double[0], new float[][] {new float[2]},
        new int[][] {{2}}, new String[] {"optimizer:momentum/dense/weight"}, new double[0]);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.plus(b));
    assertEquals("two partitions sent different values ([dense/weight] and"
        + " [optimizer:momentum/dense/weight]); TrainingSpec must build the same model and"
        + " optimizer every time", e.getMessage());
  }
}
