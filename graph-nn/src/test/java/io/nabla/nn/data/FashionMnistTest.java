package io.nabla.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
  @TempDir
  Path dir;

  /** Writes a small set in the MNIST layout: train as .gz, test raw, pixel value = 10·i + 5. */
  private void writeSet(int train, int test, int trainLabels, float label) {
    Tensor images = Tensor.fromFunction(Shape.of(train, 28, 28), i -> i / 784 * 10 + 5);
    IdxReader.write(dir.resolve("train-images-idx3-ubyte.gz"), images, true);
    IdxReader.write(dir.resolve("train-labels-idx1-ubyte.gz"),
        Tensor.filled(Shape.of(trainLabels), label), true);
    IdxReader.write(dir.resolve("t10k-images-idx3-ubyte"), Tensor.zeros(test, 28, 28), false);
    IdxReader.write(dir.resolve("t10k-labels-idx1-ubyte"), Tensor.zeros(test), false);
  }

  @Test
  void realFashionMnistHasItsKnownSizesAndFirstLabel() {
    Optional<Path> home = FashionMnist.defaultDirectory();
    assumeTrue(home.isPresent(), "Fashion-MNIST is not installed in "
        + FashionMnist.DEFAULT_DIRECTORY + "; run: apt-get install dataset-fashion-mnist");
    Splits s = FashionMnist.load(home.get());
    assertEquals(60000, s.train().size());
    assertEquals(10000, s.test().size());
    assertEquals(Shape.of(1, 28, 28), s.train().featureShape());
    assertEquals(9, s.train().label(0));
    assertEquals("Ankle boot", FashionMnist.className(s.train().label(0)));
    int[] balanced = new int[10];
    Arrays.fill(balanced, 6000);
    assertArrayEquals(balanced, s.train().classCounts());
    float[] x = s.test().features().data();
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float v : x) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertEquals(0f, min);
    assertEquals(1f, max);
  }

  @Test
  void loadsAnMnistLayoutDirectoryScaledAndShaped() {
    writeSet(3, 2, 3, 4);
    Splits s = FashionMnist.load(dir);
    assertEquals(3, s.train().size());
    assertEquals(2, s.test().size());
    Tensor x = s.train().features();
    assertEquals(Shape.of(3, 1, 28, 28), x.shape());
    assertEquals(5 / 255f, x.at(0, 0, 0, 0));
    assertEquals(25 / 255f, x.at(2, 0, 27, 27));
    assertEquals(4, s.train().label(2));
  }

  @Test
  void imagesAreHeldAsBytesNotFloats() {
    writeSet(3, 10, 2000, 1);
    java.util.Random noise = new java.util.Random(7);
    Tensor images = Tensor.fromFunction(Shape.of(2000, 28, 28), i -> noise.nextInt(256));
    IdxReader.write(dir.resolve("train-images-idx3-ubyte.gz"), images, true);
    var bean = (com.sun.management.ThreadMXBean)
        java.lang.management.ManagementFactory.getThreadMXBean();
    long before = bean.getCurrentThreadAllocatedBytes();
    Splits s = FashionMnist.load(dir);
    long allocated = bean.getCurrentThreadAllocatedBytes() - before;
    long pixels = 2000L * 784;
    assertTrue(allocated < 3 * pixels, "loading " + pixels + " pixels allocated " + allocated
        + " bytes; as floats the images alone take " + 4 * pixels);
    Tensor x = s.train().batches(64, null).get(1).x();
    assertEquals(Shape.of(64, 1, 28, 28), x.shape());
    assertEquals(images.at(64, 0, 0) / 255f, x.at(0, 0, 0, 0));
    assertEquals(images.at(127, 27, 27) / 255f, x.at(63, 0, 27, 27));
  }

  @Test
  void missingFilesAreListedWithTheExpectedNames() throws Exception {
    Files.createFile(dir.resolve("train-images-idx3-ubyte.gz"));
    Files.createFile(dir.resolve("t10k-labels-idx1-ubyte"));
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> FashionMnist.load(dir));
    assertEquals(dir + " lacks train-labels-idx1-ubyte, t10k-images-idx3-ubyte (each may end in"
        + " .gz); it should hold train-images-idx3-ubyte, train-labels-idx1-ubyte,"
        + " t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte. Install them with: apt-get install"
        + " dataset-fashion-mnist", e.getMessage());
  }

  @Test
  void imageAndLabelCountsMustAgree() {
    writeSet(5, 2, 4, 1);
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> FashionMnist.load(dir));
    assertEquals("train-labels-idx1-ubyte.gz: holds labels f32[4] but"
        + " train-images-idx3-ubyte.gz holds 5 images; expected labels [5]", e.getMessage());
  }

  @Test
  void labelsMustBeFashionMnistClasses() {
    writeSet(2, 2, 2, 10);
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> FashionMnist.load(dir));
    assertEquals("train-labels-idx1-ubyte.gz: the label of example 0 is 10.0 but Fashion-MNIST"
        + " labels are whole numbers 0..9", e.getMessage());
  }

  @Test
  void imagesMustBe28By28() {
    writeSet(2, 2, 2, 0);
    IdxReader.write(dir.resolve("t10k-images-idx3-ubyte"), Tensor.zeros(2, 28, 27), false);
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> FashionMnist.load(dir));
    assertEquals("t10k-images-idx3-ubyte: holds f32[2,28,27] but images must be [N,28,28]",
        e.getMessage());
  }

  @Test
  void namesTheTenClasses() {
    assertEquals(10, FashionMnist.CLASS_NAMES.size());
    assertEquals("T-shirt/top", FashionMnist.className(0));
    assertEquals("Sneaker", FashionMnist.className(7));
    assertThrows(IndexOutOfBoundsException.class, () -> FashionMnist.className(10));
  }
}
