package io.nabla.nn.data;

import com.google.common.base.Preconditions;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fashion-MNIST: 60 000 training and 10 000 test images of clothing, 28×28 grayscale, in ten
 * classes. Debian's package {@code dataset-fashion-mnist} installs it in
 * {@value #DEFAULT_DIRECTORY}. The files use the MNIST layout and names, so {@link #load} reads
 * the original MNIST digits as well.
 */
public final class FashionMnist {
  /** Where {@code apt-get install dataset-fashion-mnist} puts the files. */
  public static final String DEFAULT_DIRECTORY = "/usr/share/datasets/fashion-mnist";

  /** The class names, indexed by label. */
  public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover",
      "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  /** The four files, without the optional {@code .gz}. */
  static final List<String> FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
      "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

  private static final int SIDE = 28;

  private FashionMnist() {}

  /**
   * {@value #DEFAULT_DIRECTORY} (or the directory in the system property
   * {@code nabla.fashion-mnist}) when it holds all four files, else empty.
   */
  public static Optional<Path> defaultDirectory() {
    Path dir = Path.of(System.getProperty("nabla.fashion-mnist", DEFAULT_DIRECTORY));
    return missingFiles(dir).isEmpty() ? Optional.of(dir) : Optional.empty();
  }

  /** The name of class {@code label}, e.g. {@code 9 → "Ankle boot"}. */
  public static String className(int label) {
    Preconditions.checkElementIndex(label, CLASS_NAMES.size(), "Fashion-MNIST label");
    return CLASS_NAMES.get(label);
  }

  /**
   * Reads the training and test sets from {@code dir}, which holds {@code
   * train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}
   * and {@code t10k-labels-idx1-ubyte}, each gzipped ({@code .gz}) or not. Images come scaled to
   * [0, 1] and shaped {@code [N, 1, 28, 28]}; labels are 0..9.
   *
   * @throws UncheckedIOException naming the expected files when some are missing
   * @throws IdxFormatException when a file is malformed or images and labels do not match
   */
  public static Splits load(Path dir) {
    List<String> missing = missingFiles(dir);
    if (!missing.isEmpty()) {
      String message = dir + " lacks " + String.join(", ", missing) + " (each may end in .gz);"
          + " it should hold " + String.join(", ", FILES)
          + ". Install them with: apt-get install dataset-fashion-mnist";
      throw new UncheckedIOException(message, new NoSuchFileException(dir.toString()));
    }
    return new Splits(part(dir, FILES.get(0), FILES.get(1)), part(dir, FILES.get(2),
        FILES.get(3)));
  }

  private static Dataset part(Path dir, String imagesName, String labelsName) {
    Path imagesFile = find(dir, imagesName).orElseThrow();
    Path labelsFile = find(dir, labelsName).orElseThrow();
    IdxReader.Contents images = IdxReader.readValues(imagesFile);
    int[] s = images.dims();
    if (s.length != 3 || s[1] != SIDE || s[2] != SIDE) {
      throw new IdxFormatException(imagesFile, "holds " + Shape.of(s).describe()
          + " but images must be [N,28,28]");
    }
    Tensor labels = IdxReader.read(labelsFile);
    Shape l = labels.shape();
    if (l.rank() != 1 || l.dim(0) != s[0]) {
      throw new IdxFormatException(labelsFile, "holds labels " + l.describe() + " but "
          + imagesFile.getFileName() + " holds " + s[0] + " images; expected labels ["
          + s[0] + "]");
    }
    float[] y = labels.data();
    for (int i = 0; i < y.length; i++) {
      if (!(y[i] >= 0 && y[i] < CLASS_NAMES.size() && y[i] == Math.rint(y[i]))) {
        throw new IdxFormatException(labelsFile, "the label of example " + i + " is " + y[i]
            + " but Fashion-MNIST labels are whole numbers 0..9");
      }
    }
    // Pixels stay bytes; the table they are read through divides by 255 as before.
    return new Dataset(Shape.of(1, SIDE, SIDE), images.values().map(v -> v / 255f), y);
  }

  private static List<String> missingFiles(Path dir) {
    List<String> missing = new ArrayList<>();
    for (String name : FILES) {
      if (find(dir, name).isEmpty()) {
        missing.add(name);
      }
    }
    return missing;
  }

  /** {@code dir/name.gz} or {@code dir/name}, whichever exists as a regular file. */
  private static Optional<Path> find(Path dir, String name) {
    for (String candidate : List.of(name + ".gz", name)) {
      Path p = dir.resolve(candidate);
      if (Files.isRegularFile(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
