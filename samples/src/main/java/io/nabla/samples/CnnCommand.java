package io.nabla.samples;

import io.nabla.nn.io.Checkpoint;
import io.nabla.nn.model.Model;
import io.nabla.nn.optim.Adam;
import io.nabla.nn.optim.LearningRateSchedule;
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

/** A deeper CNN with batch norm and dropout, residual connections or dense blocks. */
@Command(name = "cnn", mixinStandardHelpOptions = true,
    description = "A deeper CNN with batch norm: VGG-style blocks, ResNet residual blocks,"
        + " DenseNet dense blocks or GoogLeNet Inception blocks (--arch).")
final class CnnCommand implements Callable<Integer> {
  @Mixin
  CommonOptions options;

  @Option(names = "--arch", defaultValue = "resnet",
      description = "vgg, resnet, dense or inception (default: ${DEFAULT-VALUE})")
  String arch;

  @Override
  public Integer call() throws Exception {
    options.applyThreads();
    Path out = options.out("cnn-" + arch);
    Files.createDirectories(out);
    Model model = Architectures.cnn(arch).build(options.seed);
    if (options.limit == null) {
      // these nets cost many times LeNet's arithmetic: a sample of the data keeps a run short
      options.limit = 12_000;
    }
    ImageData data = ImageData.load(options, System.out);
    System.out.print(model.summary());
    int epochs = options.epochs(2);
    // a cosine decay to 0 over the run: the few epochs of a sample end on small steps
    Trainer trainer = Trainer.builder(model, new Adam(options.lr(0.003))).seed(options.seed)
        .schedule(LearningRateSchedule.cosine(epochs, 0))
        .progressBar(true).listener(new EpochPrinter(System.out)).build();
    long start = System.nanoTime();
    List<EpochRecord> history = trainer.fit(data.train(), data.test(), epochs,
        options.batch(64));
    double seconds = (System.nanoTime() - start) / 1e9;
    Checkpoint.save(out.resolve(arch + ".safetensors"), model, null, Map.of("model", arch));
    TrainingCurves.write(history, out.resolve("training-curves.png"));
    System.out.println("wrote " + out.toAbsolutePath() + ": " + arch + ".safetensors,"
        + " training-curves.png");
    System.out.println(new ResultLine("cnn-" + arch, data.name()).put("epochs", history.size())
        .put("train_images_per_s", EpochPrinter.medianRate(history))
        .put("test_accuracy", history.get(history.size() - 1).testAccuracy())
        .put("seconds", seconds).format());
    return 0;
  }
}
