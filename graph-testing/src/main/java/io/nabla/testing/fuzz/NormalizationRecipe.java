package io.nabla.testing.fuzz;

import static io.nabla.ops.NnOps.batchNorm;
import static io.nabla.ops.NnOps.dropout;

import io.nabla.core.tensor.Shape;
import java.util.Random;

/**
 * Batch norm of an {@code [N,C]} or NCHW operand with fresh scale and shift (its running
 * statistics fed, not perturbed), or dropout; both follow the case's training or inference mode.
 */
final class NormalizationRecipe implements Recipe {
  private static final float EPSILON = 1e-2f;

  private final boolean batchNorm;

  NormalizationRecipe(boolean batchNorm) {
    this.batchNorm = batchNorm;
  }

  @Override
  public String name() {
    return batchNorm ? "batch_norm" : "dropout";
  }

  @Override
  public boolean grow(ValuePool pool) {
    Random r = pool.random();
    if (!batchNorm) {
      int x = pool.operand(Domain.ANY);
      float p = r.nextBoolean() ? 0.25f : 0.5f;
      return pool.apply("dropout p=" + p, in -> dropout(in.get(0), p), x).isPresent();
    }
    var picked = pool.pick(i -> (pool.shape(i).rank() == 2 || pool.shape(i).rank() == 4)
        && pool.shape(i).size() / pool.shape(i).dim(1) >= 2);
    if (picked.isEmpty()) {
      return false;
    }
    int x = picked.getAsInt();
    Shape channels = Shape.of(pool.shape(x).dim(1));
    int gamma = pool.leaf(channels, Domain.ANY);
    int beta = pool.leaf(channels, Domain.ANY);
    int mean = pool.leaf(Domain.ANY.draw(channels, r), false);
    int variance = pool.leaf(Domain.POSITIVE.draw(channels, r), false);
    return pool.apply("batch_norm", in -> batchNorm(in.get(0), in.get(1), in.get(2), in.get(3),
        in.get(4), EPSILON).output(), x, gamma, beta, mean, variance).isPresent();
  }
}
