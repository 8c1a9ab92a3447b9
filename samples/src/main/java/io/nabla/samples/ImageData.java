package io.nabla.samples;

import io.nabla.nn.data.Dataset;
import io.nabla.nn.data.FashionMnist;
import io.nabla.nn.data.Generated;
import io.nabla.nn.data.Splits;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The image data of a sample: the IDX files in {@code --data}, else Fashion-MNIST where Debian
 * installs it, else (saying how to install it) the built-in generated image set, so every sample
 * runs on a fresh machine.
 */
record ImageData(String name, Dataset train, Dataset test) {

  static ImageData load(CommonOptions options, PrintStream out) {
    Optional<Path> dir = options.data != null ? Optional.of(options.data)
        : FashionMnist.defaultDirectory();
    ImageData data;
    if (dir.isPresent()) {
      Splits s = FashionMnist.load(dir.get());
      String name = options.data != null ? "idx:" + options.data.getFileName() : "fashion-mnist";
      data = new ImageData(name, s.train(), s.test());
    } else {
      out.println("Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist, or"
          + " pass --data DIR with MNIST-format IDX files); training on the built-in generated"
          + " images instead.");
      data = new ImageData("generated-images", Generated.images(12_000, 1),
          Generated.images(2_000, 2));
    }
    if (options.limit != null) {
      data = new ImageData(data.name, data.train.take(options.limit),
          data.test.take(Math.max(1, options.limit / 6)));
    }
    out.printf("data: %s, %d training and %d test images%n", data.name, data.train.size(),
        data.test.size());
    return data;
  }
}
