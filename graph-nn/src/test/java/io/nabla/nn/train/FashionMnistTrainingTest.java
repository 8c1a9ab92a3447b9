package io.nabla.nn.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.nn.data.FashionMnist;
import io.nabla.nn.data.Splits;
import io.nabla.nn.model.Mlp;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.Presets;
import io.nabla.nn.optim.Adam;
import io.nabla.nn.optim.LearningRateSchedule;
import java.util.Locale;
import java.util.Optional;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The integration bar on real data: LeNet-5 reaches 0.89 test accuracy on Fashion-MNIST within
 * five epochs, and the MLP 784-256-128-10 reaches 0.87 (Adam 0.002 with cosine decay over the
 * five epochs, batch 64, the samples' defaults). Every epoch's figures are printed.
 */
class FashionMnistTrainingTest {
  private static Splits data;

  @BeforeAll
  static void load() {
    Optional<Path> dir = FashionMnist.defaultDirectory();
    Assumptions.assumeTrue(dir.isPresent(), "Fashion-MNIST is not installed; run"
        + " `apt-get install dataset-fashion-mnist` (CI does) to run this test");
    data = FashionMnist.load(dir.get());
  }

  @Test
  void lenet5ReachesTheBarWithinFiveEpochs() {
    reach("lenet5", Presets.lenet5(10).build(0), 0.89, 5);
  }

  @Test
  void mlpReachesTheBarWithinFiveEpochs() {
    reach("mlp", Mlp.inputs(1, 28, 28).hidden(256, 128).classes(10).build(0), 0.87, 5);
  }

  private static void reach(String name, Model model, double bar, int epochs) {
    Trainer trainer = Trainer.builder(model, new Adam(0.002))
        .schedule(LearningRateSchedule.cosine(epochs, 0)).seed(0).build();
    double best = 0;
    double seconds = 0;
    for (EpochRecord r : trainer.fit(data.train(), data.test(), epochs, 64)) {
      seconds += r.seconds();
      best = Math.max(best, r.testAccuracy());
      System.out.printf(Locale.ROOT, "%s epoch %d: test accuracy %.4f, %.1f s, %.0f images/s%n",
          name, r.epoch(), r.testAccuracy(), r.seconds(), r.examplesPerSecond());
    }
    double reached = best;
    assertTrue(reached >= bar, () -> name + " reached " + reached + " after " + epochs
        + " epochs, below " + bar);
    System.out.printf(Locale.ROOT, "%s: %.4f after %d epochs (%.0f s of training)%n", name,
        reached, epochs, seconds);
  }
}
