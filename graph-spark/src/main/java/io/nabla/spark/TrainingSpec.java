package io.nabla.spark;

import io.nabla.nn.model.Model;
import io.nabla.nn.optim.Optimizer;
import io.nabla.nn.train.Loss;
import java.io.Serializable;

/**
 * How to build a replica of the run, shipped to every executor: a graph cannot travel, so each
 * executor builds its own model from this and receives the driver's weights. {@link #model()}
 * must build the same architecture each time (its initial weights do not matter on executors:
 * the driver's replace them).
 *
 * <pre>{@code
 * TrainingSpec spec = TrainingSpec.of(() -> Presets.lenet5(10).build(1), () -> new Adam(0.002));
 * }</pre>
 */
public interface TrainingSpec extends Serializable {

  /** A fresh model. */
  Model model();

  /** A fresh optimizer; the driver's applies every update. */
  Optimizer optimizer();

  /** The loss, a mean over the batch's examples (default: cross-entropy). */
  default Loss loss() {
    return Loss.crossEntropy();
  }

  /** A serializable factory (a lambda that captures serializable values only). */
  @FunctionalInterface
  interface Factory<T> extends Serializable {
    T create();
  }

  /** A spec of {@code model}, {@code optimizer} and cross-entropy. */
  static TrainingSpec of(Factory<Model> model, Factory<Optimizer> optimizer) {
    return of(model, optimizer, Loss::crossEntropy);
  }

  /** A spec of {@code model}, {@code optimizer} and {@code loss}. */
  static TrainingSpec of(Factory<Model> model, Factory<Optimizer> optimizer, Factory<Loss> loss) {
    return new TrainingSpec() {
      private static final long serialVersionUID = 1L;

      @Override
      public Model model() {
        return model.create();
      }

      @Override
      public Optimizer optimizer() {
        return optimizer.create();
      }

      @Override
      public Loss loss() {
        return loss.create();
      }
    };
  }
}
