package io.nabla.samples;

import io.nabla.nn.model.Model;
import io.nabla.nn.optim.Adam;
import io.nabla.nn.optim.LearningRateSchedule;
import io.nabla.nn.optim.Sgd;
import io.nabla.nn.train.Trainer;
import io.nabla.nn.train.TrainerBuilder;
import picocli.CommandLine.Option;

/**
 * {@code --optimizer adam|sgd}: Adam 0.002 with cosine decay over the run (the default, which
 * reaches LeNet's 0.89 within five epochs), or the PyTorch reference's SGD 0.05 with momentum
 * 0.9 at a constant rate (for side-by-side speed runs).
 */
final class OptimizerOption {
  @Option(names = "--optimizer", defaultValue = "adam",
      description = "adam (0.002, cosine decay) or sgd (0.05, momentum 0.9), as the PyTorch"
          + " reference (default: ${DEFAULT-VALUE}); --lr overrides the rate")
  String name;

  TrainerBuilder trainer(Model model, CommonOptions options, int epochs) {
    TrainerBuilder b = switch (name) {
      case "adam" -> Trainer.builder(model, new Adam(options.lr(0.002)))
          .schedule(LearningRateSchedule.cosine(epochs, 0));
      case "sgd" -> Trainer.builder(model, new Sgd(options.lr(0.05), 0.9));
      default -> throw new IllegalArgumentException("unknown optimizer '" + name
          + "'; choose adam or sgd");
    };
    return b.seed(options.seed);
  }
}
