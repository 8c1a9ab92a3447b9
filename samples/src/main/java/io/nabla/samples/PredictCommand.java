package io.nabla.samples;

import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.data.FashionMnist;
import io.nabla.nn.data.IdxReader;
import io.nabla.nn.io.Checkpoint;
import io.nabla.nn.model.Model;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Classifies images with a saved checkpoint. */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Loads a checkpoint and classifies the images of an IDX file or PNG files.")
final class PredictCommand implements Callable<Integer> {
  @Option(names = "--checkpoint", required = true, description = "a .safetensors checkpoint")
  Path checkpoint;

  @Option(names = "--model", defaultValue = "lenet",
      description = "the architecture the checkpoint was saved from (default: ${DEFAULT-VALUE})")
  String model;

  @Option(names = "--limit", defaultValue = "20",
      description = "classify at most this many images of an IDX file (default: ${DEFAULT-VALUE})")
  int limit;

  @Parameters(arity = "1..*", description = "an IDX image file, or PNG files (any size; shown"
      + " as 28×28 gray, light on dark as in Fashion-MNIST)")
  List<Path> inputs;

  @Override
  public Integer call() throws IOException {
    Model m = Architectures.build(model, 0);
    Checkpoint.load(checkpoint, m, null);
    Tensor images;
    List<String> names;
    if (inputs.size() == 1 && !inputs.get(0).toString().toLowerCase().endsWith(".png")) {
      Tensor all = IdxReader.read(inputs.get(0));
      int n = Math.min(limit, all.shape().dim(0));
      float[] d = new float[n * 784];
      for (int i = 0; i < d.length; i++) {
        d[i] = all.data()[i] / 255f;
      }
      images = Tensor.of(Shape.of(n, 1, 28, 28), d);
      names = java.util.stream.IntStream.range(0, n).mapToObj(i -> "image " + i).toList();
    } else {
      float[] d = new float[inputs.size() * 784];
      for (int i = 0; i < inputs.size(); i++) {
        System.arraycopy(png(inputs.get(i)), 0, d, i * 784, 784);
      }
      images = Tensor.of(Shape.of(inputs.size(), 1, 28, 28), d);
      names = inputs.stream().map(Path::toString).toList();
    }
    int[] classes = m.predictClasses(images);
    for (int i = 0; i < classes.length; i++) {
      System.out.printf("%s: %d (%s)%n", names.get(i), classes[i],
          FashionMnist.className(classes[i]));
    }
    return 0;
  }

  /** A PNG as 784 gray values in [0, 1], scaled to 28×28. */
  private static float[] png(Path file) throws IOException {
    BufferedImage src = ImageIO.read(file.toFile());
    if (src == null) {
      throw new IOException(file + " is not a readable image");
    }
    BufferedImage small = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = small.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
        RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(src, 0, 0, 28, 28, null);
    g.dispose();
    float[] d = new float[784];
    for (int i = 0; i < 784; i++) {
      d[i] = (small.getRaster().getSample(i % 28, i / 28, 0)) / 255f;
    }
    return d;
  }
}
