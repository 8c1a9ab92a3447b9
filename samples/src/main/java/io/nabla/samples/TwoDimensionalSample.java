package io.nabla.samples;

import io.nabla.nn.data.Dataset;
import io.nabla.nn.model.Mlp;
import io.nabla.nn.model.Model;
import io.nabla.nn.optim.Adam;
import io.nabla.nn.optim.LearningRateSchedule;
import io.nabla.nn.train.Trainer;
import io.nabla.nn.viz.DecisionBoundary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The course's point on a 2-D problem: logistic regression (a linear boundary) next to an MLP,
 * both trained the same way, with a decision-boundary picture of each.
 */
final class TwoDimensionalSample {
  private TwoDimensionalSample() {}

  static int run(String sample, Dataset data, CommonOptions options, int[] hidden,
      int defaultEpochs) throws Exception {
    options.applyThreads();
    Path out = options.out(sample);
    Files.createDirectories(out);
    int epochs = options.epochs(defaultEpochs);
    long start = System.nanoTime();
    Model linear = Mlp.inputs(2).classes(2).build(options.seed);
    double linearAccuracy = train(linear, data, options, epochs);
    Model mlp = Mlp.inputs(2).hidden(hidden).activation("tanh").classes(2).build(options.seed);
    double mlpAccuracy = train(mlp, data, options, epochs);
    double seconds = (System.nanoTime() - start) / 1e9;
    DecisionBoundary.write(linear::predict, data.features(), data.labels(),
        String.format(Locale.ROOT, "%s: logistic regression, accuracy %.3f", sample,
            linearAccuracy), out.resolve("logistic-regression.png"));
    DecisionBoundary.write(mlp::predict, data.features(), data.labels(),
        String.format(Locale.ROOT, "%s: MLP %s (tanh), accuracy %.3f", sample,
            java.util.Arrays.toString(hidden), mlpAccuracy), out.resolve("mlp.png"));
    System.out.printf(Locale.ROOT, "logistic regression: training accuracy %.4f%n",
        linearAccuracy);
    System.out.printf(Locale.ROOT, "MLP:                 training accuracy %.4f%n",
        mlpAccuracy);
    System.out.println("wrote " + out.toAbsolutePath() + ": logistic-regression.png, mlp.png");
    System.out.println(new ResultLine(sample, sample).put("epochs", epochs)
        .put("train_images_per_s", epochs * 2.0 * data.size() / seconds)
        .put("train_accuracy", mlpAccuracy).put("linear_train_accuracy", linearAccuracy)
        .put("seconds", seconds).format());
    return 0;
  }

  private static double train(Model model, Dataset data, CommonOptions options, int epochs) {
    Trainer trainer = Trainer.builder(model, new Adam(options.lr(0.01)))
        .schedule(LearningRateSchedule.cosine(epochs, 0.0005)).seed(options.seed).build();
    trainer.fit(data, null, epochs, options.batch(32));
    return trainer.evaluate(data).accuracy();
  }
}
