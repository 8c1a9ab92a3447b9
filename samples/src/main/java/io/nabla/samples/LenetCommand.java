package io.nabla.samples;

import io.nabla.core.exec.Session;
import io.nabla.core.graph.Node;
import io.nabla.core.inspect.Dot;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.io.Checkpoint;
import io.nabla.nn.model.LayerInfo;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.Presets;
import io.nabla.nn.train.EpochRecord;
import io.nabla.nn.train.Trainer;
import io.nabla.nn.viz.FeatureMaps;
import io.nabla.nn.viz.FilterGrid;
import io.nabla.nn.viz.TrainingCurves;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The main job: LeNet-5 on Fashion-MNIST, with every picture and file a user wants to see. */
@Command(name = "lenet", mixinStandardHelpOptions = true,
    description = "LeNet-5 on Fashion-MNIST (or --data, or generated images): checkpoint"
        + " (and one to --resume from after every epoch), training curves, first-layer filters, feature maps and the graph as DOT.")
final class LenetCommand implements Callable<Integer> {
  @Mixin
  CommonOptions options;

  @Mixin
  OptimizerOption optimizer;

  @Option(names = "--resume", paramLabel = "<checkpoint>", description = "continue the run"
      + " saved in this training checkpoint (the sample writes <out>/training.safetensors"
      + " after every epoch) with the same --lr, --seed, --optimizer and data; --epochs"
      + " counts the epochs already done")
  Path resume;

  @Override
  public Integer call() throws Exception {
    options.applyThreads();
    Path out = options.out("lenet");
    Files.createDirectories(out);
    ImageData data = ImageData.load(options, System.out);
    Model model = Presets.lenet5(10).build(options.seed);
    System.out.print(model.summary());
    int epochs = options.epochs(5);
    Trainer trainer = optimizer.trainer(model, options, epochs)
        .checkpoint(out.resolve("training.safetensors"))
        .progressBar(true).listener(new EpochPrinter(System.out)).build();
    if (resume != null) {
      trainer.resume(resume);
      System.out.println("resumed " + resume + " after epoch " + trainer.epochsCompleted());
    }
    long start = System.nanoTime();
    List<EpochRecord> history = trainer.fitUntil(data.train(), data.test(), epochs,
        options.batch(64));
    double seconds = (System.nanoTime() - start) / 1e9;

    Checkpoint.save(out.resolve("lenet.safetensors"), model, null,
        Map.of("model", "lenet5", "dataset", data.name()));
    TrainingCurves.write(history, out.resolve("training-curves.png"));
    FilterGrid.write(model.session().value(model.graph().node("conv1/weight")), "conv1",
        out.resolve("conv1-filters.png"));
    writeFeatureMaps(model, data.test().take(1).features(), out.resolve("feature-maps.png"));
    List<Node> backward = new ArrayList<>(trainer.gradients());
    backward.add(trainer.lossNode());
    Files.writeString(out.resolve("lenet-graph.dot"), Dot.ancestorsOf(backward));
    System.out.println("wrote " + out.toAbsolutePath() + ": lenet.safetensors,"
        + " training-curves.png, conv1-filters.png, feature-maps.png, lenet-graph.dot");

    EpochRecord last = history.get(history.size() - 1);
    System.out.println(new ResultLine("lenet", data.name()).put("epochs", history.size())
        .put("train_images_per_s", EpochPrinter.medianRate(history))
        .put("test_accuracy", last.testAccuracy()).put("seconds", seconds).format());
    return 0;
  }

  /** One test image through the network, showing each convolution's output channels. */
  static void writeFeatureMaps(Model model, Tensor image, Path png) throws Exception {
    List<Node> fetches = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (LayerInfo layer : model.layers()) {
      if (layer.outputShape().rank() == 4
          && (layer.kind().equals("conv") || layer.kind().equals("relu"))) {
        fetches.add(layer.output());
        names.add(layer.name() + " (" + layer.kind() + ")");
      }
    }
    Session s = model.session();
    var results = s.run(Map.of(model.input(), image), fetches.toArray(Node[]::new));
    List<FeatureMaps.NamedMap> maps = new ArrayList<>();
    for (int i = 0; i < fetches.size(); i++) {
      maps.add(new FeatureMaps.NamedMap(names.get(i), results.get(fetches.get(i))));
    }
    FeatureMaps.write(image, maps, png);
  }
}
