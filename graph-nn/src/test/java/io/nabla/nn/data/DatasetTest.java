package io.nabla.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DatasetTest {

  /** {@code n} examples of 2×3 features, example {@code i} holding {@code 10·i + k}. */
  private static Dataset numbered(int n, int classes) {
    Tensor x = Tensor.fromFunction(Shape.of(n, 2, 3), i -> 10 * (i / 6) + i % 6);
    Tensor y = Tensor.fromFunction(Shape.of(n), i -> i % classes);
    return new Dataset(x, y);
  }

  /** The example indices a batch holds, read back from its features; checks x and y agree. */
  private static List<Integer> indices(Batch b, int classes) {
    List<Integer> out = new ArrayList<>();
    float[] x = b.x().toArray();
    for (int r = 0; r < b.size(); r++) {
      int index = (int) x[r * 6] / 10;
      for (int k = 0; k < 6; k++) {
        assertEquals(10 * index + k, x[r * 6 + k], "row " + r + " was copied whole");
      }
      assertEquals(index % classes, b.y().get(r), "label of example " + index);
      out.add(index);
    }
    return out;
  }

  private static List<Integer> epoch(Dataset d, int batchSize, Random shuffle) {
    List<Integer> seen = new ArrayList<>();
    for (Batch b : d.batches(batchSize, shuffle)) {
      seen.addAll(indices(b, d.numClasses()));
    }
    return seen;
  }

  private static List<Integer> range(int n) {
    List<Integer> r = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      r.add(i);
    }
    return r;
  }

  @Test
  void describesItsExamples() {
    Dataset d = numbered(10, 3);
    assertEquals(10, d.size());
    assertEquals(Shape.of(2, 3), d.featureShape());
    assertEquals(3, d.numClasses());
    assertArrayEquals(new int[] {4, 3, 3}, d.classCounts());
    assertEquals(Shape.of(10, 2, 3), d.features().shape());
    assertEquals(Tensor.fromFunction(Shape.of(10), i -> i % 3), d.labels());
    assertEquals(2, d.label(5));
    assertEquals("Dataset[10 × f32[2,3], 3 classes]", d.toString());
  }

  @Test
  void holdsCopiesOfWhatItIsGivenAndGives() {
    Tensor x = Tensor.of(new float[] {1, 2}, 2, 1);
    Tensor y = Tensor.vector(0, 1);
    Dataset d = new Dataset(x, y);
    x.data()[0] = 99;
    y.data()[0] = 7;
    d.features().data()[1] = 99;
    d.labels().data()[1] = 7;
    assertArrayEquals(new float[] {1, 2}, d.features().toArray());
    assertArrayEquals(new float[] {0, 1}, d.labels().toArray());
  }

  @Test
  void refusesMismatchedOrNonIndexLabels() {
    Tensor x = Tensor.zeros(3, 4);
    assertEquals("features f32[3,4] hold 3 examples but labels f32[2] hold 2",
        assertThrows(IllegalArgumentException.class,
            () -> new Dataset(x, Tensor.zeros(2))).getMessage());
    assertEquals("labels f32[3,1] must be a vector [N] of class indices",
        assertThrows(IllegalArgumentException.class,
            () -> new Dataset(x, Tensor.zeros(3, 1))).getMessage());
    assertEquals("the label of example 1 in 'labels' is 1.5; class labels are whole numbers 0, 1, 2, …"
        + " (class indices)",
        assertThrows(IllegalArgumentException.class,
            () -> new Dataset(x, Tensor.vector(0, 1.5f, 2))).getMessage());
    assertEquals("the label of example 2 in 'labels' is -1.0; class labels are whole numbers 0, 1, 2,"
        + " … (class indices)",
        assertThrows(IllegalArgumentException.class,
            () -> new Dataset(x, Tensor.vector(0, 1, -1))).getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new Dataset(Tensor.scalar(1), Tensor.zeros(1)));
  }

  @Test
  void unshuffledBatchesGoInOrderAndKeepThePartialLastBatch() {
    Dataset d = numbered(10, 3);
    List<Batch> batches = d.batches(4, null);
    assertEquals(3, batches.size());
    assertEquals(List.of(4, 4, 2), batches.stream().map(Batch::size).toList());
    assertEquals(Shape.of(2, 2, 3), batches.get(2).x().shape());
    assertEquals(Shape.of(2), batches.get(2).y().shape());
    assertEquals(range(10), epoch(d, 4, null));
    assertEquals(1, d.batches(100, null).size());
    assertEquals(range(10), epoch(d, 100, null));
  }

  @Test
  void shuffledEpochCoversEveryExampleExactlyOnce() {
    Dataset d = numbered(103, 5);
    List<Integer> seen = epoch(d, 16, new Random(1));
    assertEquals(103, seen.size());
    assertNotEquals(range(103), seen, "shuffled");
    assertEquals(range(103), seen.stream().sorted().toList());
  }

  @Test
  void seededShuffleIsReproducibleAndDiffersAcrossSeeds() {
    Dataset d = numbered(50, 4);
    assertEquals(epoch(d, 8, new Random(42)), epoch(d, 8, new Random(42)));
    assertNotEquals(epoch(d, 8, new Random(42)), epoch(d, 8, new Random(43)));
    Random one = new Random(7);
    assertNotEquals(epoch(d, 8, one), epoch(d, 8, one), "successive epochs differ");
  }

  @Test
  void refusesANonPositiveBatchSize() {
    assertEquals("batch size is 0; it must be positive",
        assertThrows(IllegalArgumentException.class, () -> numbered(3, 2).batches(0, null))
            .getMessage());
  }

  @Test
  void sliceAndTakeCopyTheRightExamples() {
    Dataset d = numbered(10, 3);
    assertEquals(List.of(3, 4, 5, 6), epoch(d.slice(3, 7), 3, null));
    assertEquals(List.of(0, 1), epoch(d.take(2), 3, null));
    assertEquals(10, d.take(50).size());
    assertEquals(0, d.slice(4, 4).size());
    assertThrows(IndexOutOfBoundsException.class, () -> d.slice(5, 11));
    assertThrows(IndexOutOfBoundsException.class, () -> d.slice(6, 5));
  }

  @Test
  void splitShufflesThenCutsByFraction() {
    Dataset d = numbered(10, 2);
    Splits s = d.split(0.8, 3);
    assertEquals(8, s.train().size());
    assertEquals(2, s.test().size());
    List<Integer> train = epoch(s.train(), 10, null);
    List<Integer> test = epoch(s.test(), 10, null);
    List<Integer> all = new ArrayList<>(train);
    all.addAll(test);
    assertEquals(range(10), all.stream().sorted().toList(), "disjoint and complete");
    assertNotEquals(range(8), train, "shuffled before the cut");
    assertEquals(train, epoch(d.split(0.8, 3).train(), 10, null), "same seed, same split");
    assertNotEquals(train, epoch(d.split(0.8, 4).train(), 10, null));
    assertEquals(0, d.split(0, 1).train().size());
    assertEquals(10, d.split(1, 1).train().size());
    assertThrows(IllegalArgumentException.class, () -> d.split(1.5, 1));
  }

  @Test
  void scaledAndStandardizedTransformEveryFeature() {
    Dataset d = new Dataset(Tensor.of(new float[] {0, 255, 51, 102}, 2, 2), Tensor.vector(1, 0));
    assertArrayEquals(new float[] {0, 1, 0.2f, 0.4f}, d.scaled(1 / 255f).features().toArray(),
        1e-6f);
    assertArrayEquals(new float[] {-1, 1.55f, -0.49f, 0.02f},
        d.standardized(100, 100).features().toArray(), 1e-6f);
    assertEquals(d.labels(), d.scaled(2).labels());
    assertEquals(102, d.featureMean(), 1e-4f);
    assertEquals((float) Math.sqrt((102 * 102 + 153 * 153 + 51 * 51 + 0) / 4.0), d.featureStd(),
        1e-3f);
    Dataset z = d.standardized(d.featureMean(), d.featureStd());
    assertEquals(0, z.featureMean(), 1e-6f);
    assertEquals(1, z.featureStd(), 1e-5f);
    assertThrows(IllegalArgumentException.class, () -> d.standardized(0, 0));
  }

  @Test
  void reshapedSeesEachExampleWithNewDims() {
    Dataset flat = new Dataset(Tensor.fromFunction(Shape.of(3, 784), i -> i), Tensor.zeros(3));
    Dataset images = flat.reshaped(1, 28, 28);
    assertEquals(Shape.of(1, 28, 28), images.featureShape());
    assertEquals(Shape.of(3, 1, 28, 28), images.features().shape());
    assertArrayEquals(flat.features().toArray(), images.features().toArray());
    assertEquals("cannot reshape examples of f32[784] (784 values) into f32[1,28,27]",
        assertThrows(IllegalArgumentException.class, () -> flat.reshaped(1, 28, 27))
            .getMessage());
  }

  @Test
  void batchRefusesDifferentExampleCounts() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Batch(Tensor.zeros(3, 2), Tensor.zeros(2)));
    assertEquals("a batch needs x [b, …] and y [b] with the same b, not x f32[3,2] and y f32[2]",
        e.getMessage());
    assertTrue(new Batch(Tensor.zeros(2, 2), Tensor.zeros(2)).size() == 2);
  }
}
