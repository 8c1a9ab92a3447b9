package io.nabla.nn.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.nn.data.FashionMnist;
import io.nabla.nn.data.Splits;
import io.nabla.nn.model.Mlp;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.Presets;
import io.nabla.nn.optim.Sgd;
import java.util.Locale;
import java.util.Optional;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The integration bar on real data: LeNet-5 reaches 0.89 test accuracy on Fashion-MNIST within
 * five epochs, and the MLP 784-256-128-10 reaches 0.87 (SGD 0.05 with momentum 0.9, batch 64,
 * the PyTorch reference's settings). Each stops as soon as it is there.
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

  private static void reach(String name, Model model, double bar, int maxEpochs) {
    Trainer trainer = Trainer.builder(model, new Sgd(0.05, 0.9)).seed(0).build();
    double accuracy = 0;
    double seconds = 0;
    int epoch = 0;
    while (epoch < maxEpochs && accuracy < bar) {
      EpochRecord r = trainer.fit(data.train(), data.test(), 1, 64).get(0);
      epoch++;
      seconds += r.seconds();
      accuracy = r.testAccuracy();
      System.out.printf(Locale.ROOT, "%s epoch %d: test accuracy %.4f, %.1f s, %.0f images/s%n",
          name, epoch, accuracy, r.seconds(), r.examplesPerSecond());
    }
    double reached = accuracy;
    int epochs = epoch;
    assertTrue(reached >= bar, () -> name + " reached " + reached + " after " + epochs
        + " epochs, below " + bar);
    System.out.printf(Locale.ROOT, "%s: %.4f after %d epochs (%.0f s of training)%n", name,
        reached, epochs, seconds);
  }
}
