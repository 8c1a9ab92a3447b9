package io.nabla.samples;

import io.nabla.testing.GradientCheck;
import io.nabla.testing.GradientCheckReport;
import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.data.Dataset;
import io.nabla.nn.data.Generated;
import io.nabla.nn.layer.Dense;
import io.nabla.nn.layer.Layer;
import io.nabla.nn.layer.LayerContext;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.Sequential;
import io.nabla.nn.optim.Adam;
import io.nabla.nn.train.Trainer;
import io.nabla.nn.viz.DecisionBoundary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Extending Nabla: a new op in user code, checked, then used in a trained model. */
@Command(name = "custom-op", mixinStandardHelpOptions = true,
    description = "Defines the softsign op in user code (shape rule, forward, gradient), checks"
        + " its gradient with the public checker, and trains an MLP that uses it on moons.")
final class CustomOpCommand implements Callable<Integer> {
  @Mixin
  CommonOptions options;

  /** The op as a layer, so the model builders can use it. */
  static final class SoftSignLayer implements Layer {
    @Override
    public String kind() {
      return "softsign";
    }

    @Override
    public Node apply(Node x, LayerContext ctx) {
      return ctx.graph().apply(new SoftSign(), x);
    }
  }

  @Override
  public Integer call() throws Exception {
    options.applyThreads();
    Path out = options.out("custom-op");
    Files.createDirectories(out);
    Random random = new Random(options.seed);
    GradientCheckReport report = GradientCheck.ofOp(new SoftSign(),
        Tensor.fromFunction(Shape.of(4, 5), i -> random.nextGaussian() * 2)).run();
    System.out.println(report);
    report.assertPassed();

    Dataset moons = Generated.moons(500, 0.1, options.seed);
    Model model = Sequential.input(2).add(new Dense(32)).add(new SoftSignLayer())
        .add(new Dense(32)).add(new SoftSignLayer()).add(new Dense(2)).build(options.seed);
    System.out.print(model.summary());
    int epochs = options.epochs(80);
    long start = System.nanoTime();
    Trainer trainer = Trainer.builder(model, new Adam(options.lr(0.01))).seed(options.seed)
        .build();
    trainer.fit(moons, null, epochs, options.batch(32));
    double seconds = (System.nanoTime() - start) / 1e9;
    double accuracy = trainer.evaluate(moons).accuracy();
    DecisionBoundary.write(model::predict, moons.features(), moons.labels(),
        String.format(Locale.ROOT, "moons with softsign layers, accuracy %.3f", accuracy),
        out.resolve("softsign-moons.png"));
    System.out.printf(Locale.ROOT, "training accuracy with the custom op: %.4f%n", accuracy);
    System.out.println("wrote " + out.toAbsolutePath() + ": softsign-moons.png");
    System.out.println(new ResultLine("custom-op", "moons").put("epochs", epochs)
        .put("train_images_per_s", epochs * (double) moons.size() / seconds)
        .put("train_accuracy", accuracy).put("gradient_checks", report.passedCount())
        .put("seconds", seconds).format());
    return 0;
  }
}
