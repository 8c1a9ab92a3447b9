package io.nabla.testing.fuzz;

import static io.nabla.ops.Ops.mul;
import static io.nabla.ops.Ops.sum;

import io.nabla.core.autodiff.Autodiff;
import io.nabla.core.graph.Node;
import io.nabla.core.primitive.Primitives;
import io.nabla.core.tensor.Tensor;
import java.util.Random;

/**
 * A gradient as a step: {@code d sum(y · c) / d a} for a step y, one of its ancestors a and fixed
 * random weights c. Its consumers, and the check itself, then differentiate the gradient ops:
 * second and higher derivatives.
 */
final class SecondOrderRecipe implements Recipe {
  @Override
  public String name() {
    return "gradient";
  }

  @Override
  public boolean grow(ValuePool pool) {
    var y = pool.pick(i -> !pool.isLeaf(i));
    if (y.isEmpty()) {
      return false;
    }
    int out = y.getAsInt();
    var a = pool.pick(i -> i != out && pool.dependsOn(out, i));
    if (a.isEmpty()) {
      return false;
    }
    long weights = pool.random().nextLong();
    return pool.apply("gradient", in -> gradient(in.get(0), in.get(1), weights), out,
        a.getAsInt()).isPresent();
  }

  private static Node gradient(Node y, Node a, long weightSeed) {
    Random random = new Random(weightSeed);
    // with the batch unknown while building, one weight for all: still not a plain sum
    Node c = y.shape().isKnown()
        ? y.graph().constant(Tensor.fromFunction(y.shape(), i -> random.nextGaussian()))
        : Primitives.fillLike(y, 0.7f);
    return Autodiff.gradients(sum(mul(y, c)), a).get(0);
  }
}
