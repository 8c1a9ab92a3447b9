package io.nabla.samples;

import io.nabla.core.tensor.Tensor;
import io.nabla.nn.layer.Activation;
import io.nabla.nn.layer.Dense;
import io.nabla.nn.layer.Flatten;
import io.nabla.nn.layer.Reshape;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.Sequential;
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

/** An auto-encoder: images squeezed through a narrow code and rebuilt. */
@Command(name = "autoencoder", mixinStandardHelpOptions = true,
    description = "A dense auto-encoder 784-256-CODE-256-784 trained to rebuild its input;"
        + " PNG of test images above their reconstructions.")
final class AutoencoderCommand implements Callable<Integer> {
  @Mixin
  CommonOptions options;

  @Option(names = "--code", defaultValue = "32", description = "size of the code"
      + " (default: ${DEFAULT-VALUE})")
  int code;

  @Override
  public Integer call() throws Exception {
    options.applyThreads();
    Path out = options.out("autoencoder");
    Files.createDirectories(out);
    ImageData data = ImageData.load(options, System.out);
    Model model = Sequential.input(1, 28, 28)
        .add(new Flatten()).add(new Dense(256)).add(Activation.relu())
        .add("code", new Dense(code)).add(Activation.relu())
        .add(new Dense(256)).add(Activation.relu())
        .add(new Dense(784)).add(Activation.sigmoid()).add(new Reshape(1, 28, 28))
        .build(options.seed);
    System.out.print(model.summary());
    Trainer trainer = Trainer.builder(model, new Adam(options.lr(0.001)))
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
    System.out.println(new ResultLine("autoencoder", data.name()).put("epochs", history.size())
        .put("train_images_per_s", EpochPrinter.medianRate(history))
        .put("test_loss", last.testLoss()).put("seconds", seconds).format());
    return 0;
  }
}
