package io.nabla.samples;

import io.nabla.nn.io.Checkpoint;
import io.nabla.nn.model.Mlp;
import io.nabla.nn.model.Model;
import io.nabla.nn.train.EpochRecord;
import io.nabla.nn.train.Trainer;
import io.nabla.nn.viz.TrainingCurves;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A multi-layer perceptron on the images, flattened. */
@Command(name = "mlp", mixinStandardHelpOptions = true,
    description = "An MLP 784-256-128-10 (ReLU) on Fashion-MNIST (or --data, or generated"
        + " images): checkpoint and training curves.")
final class MlpCommand implements Callable<Integer> {
  @Mixin
  CommonOptions options;

  @Mixin
  OptimizerOption optimizer;

  @Option(names = "--hidden", split = ",", defaultValue = "256,128",
      description = "hidden layer widths (default: ${DEFAULT-VALUE})")
  int[] hidden;

  @Option(names = "--dropout", defaultValue = "0", description = "dropout after each hidden"
      + " layer (default: ${DEFAULT-VALUE})")
  double dropout;

  @Override
  public Integer call() throws Exception {
    options.applyThreads();
    Path out = options.out("mlp");
    Files.createDirectories(out);
    ImageData data = ImageData.load(options, System.out);
    Model model = Mlp.inputs(1, 28, 28).hidden(hidden).dropout(dropout).classes(10)
        .build(options.seed);
    System.out.print(model.summary());
    int epochs = options.epochs(5);
    Trainer trainer = optimizer.trainer(model, options, epochs)
        .progressBar(true).listener(new EpochPrinter(System.out)).build();
    long start = System.nanoTime();
    List<EpochRecord> history = trainer.fit(data.train(), data.test(), epochs,
        options.batch(64));
    double seconds = (System.nanoTime() - start) / 1e9;
    Checkpoint.save(out.resolve("mlp.safetensors"), model, null, Map.of("model", "mlp"));
    TrainingCurves.write(history, out.resolve("training-curves.png"));
    System.out.println("wrote " + out.toAbsolutePath() + ": mlp.safetensors,"
        + " training-curves.png");
    System.out.println(new ResultLine("mlp", data.name()).put("epochs", history.size())
        .put("train_images_per_s", EpochPrinter.medianRate(history))
        .put("test_accuracy", history.get(history.size() - 1).testAccuracy())
        .put("seconds", seconds).format());
    return 0;
  }
}
