package io.nabla.bench;

import io.nabla.core.exec.Parallel;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.data.Batch;
import io.nabla.nn.data.Dataset;
import io.nabla.nn.data.FashionMnist;
import io.nabla.nn.data.Generated;
import io.nabla.nn.model.Mlp;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.Presets;
import io.nabla.nn.optim.Sgd;
import io.nabla.nn.train.Trainer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Whole-model figures to set beside the PyTorch reference: training images/s (SGD 0.05 with
 * momentum 0.9, batch 64, shuffled batches of Fashion-MNIST prepared once), heap bytes allocated
 * per steady training step (all threads), inference images/s at batch 256, and peak RSS.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp benchmarks/target/nabla-benchmarks.jar \
 *     io.nabla.bench.EndToEnd lenet [passes]</pre>
 */
public final class EndToEnd {
  private EndToEnd() {}

  public static void main(String[] args) {
    String name = args.length > 0 ? args[0] : "lenet";
    int passes = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Dataset train = FashionMnist.defaultDirectory().map(d -> FashionMnist.load(d).train())
        .orElseGet(() -> Generated.images(60_000, 1));
    Model model = name.equals("mlp")
        ? Mlp.inputs(1, 28, 28).hidden(256, 128).classes(10).build(0)
        : Presets.lenet5(10).build(0);
    Trainer trainer = Trainer.builder(model, new Sgd(0.05, 0.9)).build();

    double[] rates = new double[passes];
    long allocated = 0;
    long measuredSteps = 0;
    for (int p = 0; p < passes; p++) {
      // materialised first: data loading is not part of the step being measured
      List<Batch> batches = new java.util.ArrayList<>(train.batches(64, new Random(p)));
      long bytes0 = Probes.allocatedBytes();
      long t0 = System.nanoTime();
      for (Batch b : batches) {
        trainer.step(b);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      long bytes = Probes.allocatedBytes() - bytes0;
      rates[p] = train.size() / seconds;
      if (p > 0) {
        allocated += bytes;
        measuredSteps += batches.size();
      }
      System.out.printf(Locale.ROOT, "pass=%d train_images_per_s=%.0f%n", p, rates[p]);
    }
    double inferRate = infer(model, train, passes);
    double median = Probes.median(Arrays.copyOfRange(rates, 1, passes));
    System.out.printf(Locale.ROOT, "RESULT {\"framework\":\"nabla\",\"model\":\"%s\",\"threads\":%d,"
        + "\"simd\":%b,\"train_images_per_s\":%.1f,\"bytes_per_step\":%d,"
        + "\"infer_images_per_s\":%.1f,\"peak_rss_mb\":%.1f}%n", name, Parallel.threads(),
        io.nabla.ops.kernel.Simd.enabled(), median,
        measuredSteps == 0 ? -1 : allocated / measuredSteps, inferRate, Probes.peakRssMb());
  }

  /** Inference over the training images at batch 256; the first pass warms up. */
  private static double infer(Model model, Dataset data, int passes) {
    List<Batch> batches = data.batches(256, null);
    double[] rates = new double[passes];
    for (int p = 0; p <= passes; p++) {
      long t0 = System.nanoTime();
      for (Batch b : batches) {
        Tensor out = model.predict(b.x());
        if (out.size() == 0) {
          throw new IllegalStateException();
        }
      }
      if (p > 0) {
        rates[p - 1] = data.size() / ((System.nanoTime() - t0) / 1e9);
      }
    }
    return Probes.median(rates);
  }
}
