package io.nabla.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Images kept as bytes behave, bit for bit, like the same images kept as floats. */
class ByteDatasetTest {
  private static final int N = 50;
  private static final int[] DIMS = {1, 4, 3};

  private static byte[] pixels() {
    byte[] p = new byte[N * 12];
    new Random(3).nextBytes(p);
    return p;
  }

  private static Dataset asBytes() {
    return Dataset.builder().inputBytes("image", pixels(), DIMS)
        .labels("class", labels()).build();
  }

  private static Dataset asFloats() {
    byte[] p = pixels();
    Tensor x = Tensor.fromFunction(Shape.of(N, 1, 4, 3), i -> p[i] & 0xFF);
    return Dataset.builder().input("image", x).labels("class", labels()).build();
  }

  private static Tensor labels() {
    return Tensor.fromFunction(Shape.of(N), i -> i % 7);
  }

  private static void assertSameBatches(Dataset expected, Dataset actual) {
    assertEquals(expected.size(), actual.size());
    List<Batch> e = expected.batches(8, new Random(5));
    List<Batch> a = actual.batches(8, new Random(5));
    assertEquals(e.size(), a.size());
    for (int i = 0; i < e.size(); i++) {
      Tensor ex = e.get(i).inputs().get("image");
      Tensor ax = a.get(i).inputs().get("image");
      assertEquals(ex.shape(), ax.shape());
      assertArrayEquals(ex.toArray(), ax.toArray(), 0f, "batch " + i);
      assertArrayEquals(e.get(i).y().toArray(), a.get(i).y().toArray(), 0f);
    }
    assertArrayEquals(expected.input("image").toArray(), actual.input("image").toArray(), 0f);
  }

  @Test
  void readsEachByteAsItsUnsignedValue() {
    Dataset d = asBytes();
    byte[] p = pixels();
    float[] x = d.input("image").toArray();
    for (int i = 0; i < p.length; i++) {
      assertEquals(p[i] & 0xFF, x[i]);
    }
    assertEquals(Shape.of(1, 4, 3), d.shape("image"));
    assertEquals(7, d.numClasses());
  }

  @Test
  void everyDerivedDatasetMatchesTheFloatOneBitForBit() {
    List<UnaryOperator<Dataset>> derive = List.of(
        d -> d,
        d -> d.scaled(1 / 255f),
        d -> d.scaled(1 / 255f).standardized(0.2860f, 0.3530f),
        d -> d.shuffled(9).slice(3, 40),
        d -> d.split(0.8, 4).test().take(5),
        d -> d.reshaped(12).scaled(0.5f));
    for (UnaryOperator<Dataset> f : derive) {
      assertSameBatches(f.apply(asFloats()), f.apply(asBytes()));
    }
    Dataset f = asFloats().scaled(1 / 255f);
    Dataset b = asBytes().scaled(1 / 255f);
    assertEquals(f.featureMean(), b.featureMean());
    assertEquals(f.featureStd(), b.featureStd());
  }

  @Test
  void keepsACopyOfTheBytes() {
    byte[] p = pixels();
    Dataset d = Dataset.builder().inputBytes("image", p, DIMS).build();
    p[0] = (byte) (p[0] + 1);
    assertEquals(pixels()[0] & 0xFF, d.input("image").toArray()[0]);
  }

  @Test
  void refusesBytesThatDoNotMakeWholeExamples() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Dataset.builder().inputBytes("image", new byte[13], DIMS));
    assertEquals("13 bytes of 'image' do not make whole examples of f32[1,4,3]", e.getMessage());
  }

  @Test
  void holdsAQuarterOfTheMemoryOfFloats() {
    var bean = (com.sun.management.ThreadMXBean)
        java.lang.management.ManagementFactory.getThreadMXBean();
    byte[] big = new byte[1_000_000];
    long before = bean.getCurrentThreadAllocatedBytes();
    Dataset d = Dataset.builder().inputBytes("image", big, 1, 100, 100).build()
        .scaled(1 / 255f).standardized(0.5f, 0.25f).shuffled(1);
    long allocated = bean.getCurrentThreadAllocatedBytes() - before;
    assertEquals(100, d.size());
    assertTrue(allocated < 2_500_000, "a million pixels took " + allocated
        + " bytes to hold, scale, standardize and shuffle; as floats one copy alone is 4 MB");
  }
}
