package io.nabla.samples;

import io.nabla.core.tensor.Tensor;
import io.nabla.nn.layer.Activation;
import io.nabla.nn.layer.Conv;
import io.nabla.nn.layer.ConvTranspose;
import io.nabla.nn.layer.Dense;
import io.nabla.nn.layer.Flatten;
import io.nabla.nn.layer.Reshape;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.Sequential;
import io.nabla.nn.model.WeightTransfer;
import io.nabla.nn.optim.Adam;
import io.nabla.nn.train.EpochRecord;
import io.nabla.nn.train.Loss;
import io.nabla.nn.train.Trainer;
import io.nabla.nn.viz.Images;
import io.nabla.nn.viz.TrainingCurves;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * An auto-encoder: images squeezed through a narrow code and rebuilt, by dense layers or, with
 * {@code --conv}, by strided convolutions down to 7×7 and transposed convolutions back up.
 */
@Command(name = "autoencoder", mixinStandardHelpOptions = true,
    description = "A dense auto-encoder 784-256-CODE-256-784 (or, with --conv, a convolutional"
        + " one: conv 16, conv 32 down to 7x7, CODE, transposed convs back to 28x28) trained to"
        + " rebuild its input; PNG of test images above their reconstructions.")
final class AutoencoderCommand implements Callable<Integer> {
  @Mixin
  CommonOptions options;

  @Option(names = "--code", defaultValue = "32", description = "size of the code"
      + " (default: ${DEFAULT-VALUE})")
  int code;

  @Option(names = "--conv", description = "a convolutional encoder and a decoder of transposed"
      + " convolutions, with the same code size")
  boolean conv;

  @Option(names = "--classify-epochs", defaultValue = "1", description = "then train a"
      + " classifier whose encoder starts from the auto-encoder's for this many epochs, 0 for"
      + " none (default: ${DEFAULT-VALUE})")
  int classifyEpochs;

  @Override
  public Integer call() throws Exception {
    options.applyThreads();
    Path out = options.out(conv ? "autoencoder-conv" : "autoencoder");
    Files.createDirectories(out);
    ImageData data = ImageData.load(options, System.out);
    Model model = (conv ? convolutional() : dense()).build(options.seed);
    System.out.print(model.summary());
    Trainer trainer = Trainer.builder(model, new Adam(options.lr(conv ? 0.003 : 0.001)))
        .loss(Loss.reconstruction()).seed(options.seed).progressBar(true)
        .listener(new EpochPrinter(System.out)).build();
    long start = System.nanoTime();
    List<EpochRecord> history = trainer.fit(data.train(), data.test(), options.epochs(3),
        options.batch(128));
    double seconds = (System.nanoTime() - start) / 1e9;
    Tensor inputs = data.test().take(16).features();
    Images.sideBySide(inputs, model.predict(inputs), out.resolve("reconstructions.png"));
    TrainingCurves.write(history, out.resolve("training-curves.png"));
    System.out.println("wrote " + out.toAbsolutePath() + ": reconstructions.png (inputs above,"
        + " reconstructions below), training-curves.png");
    EpochRecord last = history.get(history.size() - 1);
    // the trainer's test loss is the mean squared error per pixel over the whole test set
    ResultLine result = new ResultLine("autoencoder", data.name()).put("epochs", history.size())
        .put("train_images_per_s", EpochPrinter.medianRate(history))
        .put("architecture", conv ? "conv" : "dense").put("code", code)
        .put("test_loss", last.testLoss()).put("test_mse", last.testLoss())
        .put("seconds", seconds);
    if (classifyEpochs > 0) {
      classify(model, data, result);
    }
    System.out.println(result.format());
    return 0;
  }

  /**
   * Pre-training as in the course: a classifier made of the same encoder and a dense layer of
   * ten classes starts from the auto-encoder's encoder weights (copied by layer name) and is
   * then trained on the labels.
   */
  private void classify(Model autoencoder, ImageData data, ResultLine result) {
    Model classifier = encoder().add("classes", new Dense(10)).build(options.seed + 1);
    List<String> copied = WeightTransfer.byName(autoencoder, classifier);
    System.out.println("classifier: the encoder's " + copied + " start from the auto-encoder");
    Trainer trainer = Trainer.builder(classifier, new Adam(options.lr(0.001)))
        .seed(options.seed).progressBar(true).listener(new EpochPrinter(System.out)).build();
    List<EpochRecord> history = trainer.fit(data.train(), data.test(), classifyEpochs,
        options.batch(128));
    result.put("classifier_weights_copied", copied.size())
        .put("classifier_test_accuracy", history.get(history.size() - 1).testAccuracy());
  }

  /** The layers up to the code, shared by name between the auto-encoder and the classifier. */
  private Sequential encoder() {
    if (!conv) {
      return Sequential.input(1, 28, 28)
          .add(new Flatten()).add(new Dense(256)).add(Activation.relu())
          .add("code", new Dense(code)).add(Activation.relu());
    }
    return Sequential.input(1, 28, 28)
        .add(new Conv(16, 3).stride(2).padding(1)).add(Activation.relu())
        .add(new Conv(32, 3).stride(2).padding(1)).add(Activation.relu())
        .add(new Flatten()).add("code", new Dense(code)).add(Activation.relu());
  }

  private Sequential dense() {
    return encoder()
        .add(new Dense(256)).add(Activation.relu())
        .add(new Dense(784)).add(Activation.sigmoid()).add(new Reshape(1, 28, 28));
  }

  /**
   * Strided convolutions halve the image twice (28 → 14 → 7), a dense code of the same size as
   * the dense model's sits between, and transposed convolutions with output padding double it
   * back (7 → 14 → 28): the decoder draws strokes where the dense one paints every pixel.
   */
  private Sequential convolutional() {
    return encoder()
        .add(new Dense(32 * 7 * 7)).add(Activation.relu()).add(new Reshape(32, 7, 7))
        .add(new ConvTranspose(16, 3).stride(2).padding(1).outputPadding(1))
        .add(Activation.relu())
        .add(new ConvTranspose(1, 3).stride(2).padding(1).outputPadding(1))
        .add(Activation.sigmoid());
  }
}
