package io.nabla.testing.fuzz;

import static io.nabla.ops.Ops.mse;
import static io.nabla.ops.Ops.reshape;
import static io.nabla.ops.Ops.sigmoidCrossEntropy;
import static io.nabla.ops.Ops.softmaxCrossEntropy;

import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.Random;

/**
 * A loss, whose scalar output later steps may consume: softmax cross-entropy of logits folded to
 * {@code [N,C]} against fed class labels, sigmoid cross-entropy against targets in (0, 1) (an
 * entry mapped there or a fresh leaf, perturbed too), or the mean squared error of two entries.
 */
final class LossRecipe implements Recipe {
  /** Which loss. */
  enum Kind { SOFTMAX_CROSS_ENTROPY, SIGMOID_CROSS_ENTROPY, MSE }

  private final Kind kind;

  LossRecipe(Kind kind) {
    this.kind = kind;
  }

  @Override
  public String name() {
    return kind.name().toLowerCase();
  }

  @Override
  public boolean grow(ValuePool pool) {
    Random r = pool.random();
    return switch (kind) {
      case SOFTMAX_CROSS_ENTROPY -> {
        var x = pool.pick(i -> pool.shape(i).rank() >= 1 && pool.shape(i).dim(-1) >= 2);
        if (x.isEmpty()) {
          yield false;
        }
        Shape s = pool.shape(x.getAsInt());
        int classes = s.dim(-1);
        int rows = s.size() / classes;
        int labels = pool.leaf(Tensor.fromFunction(Shape.of(rows), i -> r.nextInt(classes)),
            false);
        yield pool.apply(name(), in -> softmaxCrossEntropy(logits(in.get(0)), in.get(1)),
            x.getAsInt(), labels).isPresent();
      }
      case SIGMOID_CROSS_ENTROPY -> {
        int z = pool.operand(Domain.ANY);
        Shape s = pool.shape(z);
        int t = r.nextBoolean() ? pool.leaf(Domain.PROBABILITY.draw(s, r), r.nextBoolean())
            : pool.operand(Domain.PROBABILITY, i -> pool.shape(i).equals(s))
                .orElseGet(() -> pool.leaf(s, Domain.PROBABILITY));
        yield pool.apply(name(), in -> sigmoidCrossEntropy(in.get(0), in.get(1)), z, t)
            .isPresent();
      }
      case MSE -> {
        int p = pool.operand(Domain.ANY);
        Shape s = pool.shape(p);
        int t = r.nextBoolean() ? pool.leaf(s, Domain.ANY)
            : pool.pick(i -> pool.shape(i).equals(s)).orElse(p);
        yield pool.apply(name(), in -> mse(in.get(0), in.get(1)), p, t).isPresent();
      }
    };
  }

  /** The operand as {@code [N,C]}, C being its last axis. */
  private static Node logits(Node x) {
    return x.shape().rank() == 2 ? x : reshape(x, -1, x.shape().dim(-1));
  }
}
