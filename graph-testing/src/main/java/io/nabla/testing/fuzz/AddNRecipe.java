package io.nabla.testing.fuzz;

import io.nabla.core.graph.Node;
import io.nabla.core.primitive.Primitives;

/** {@code add_n} of two or three operands of one shape, which may repeat. */
final class AddNRecipe implements Recipe {
  @Override
  public String name() {
    return "add_n";
  }

  @Override
  public boolean grow(ValuePool pool) {
    int x = pool.operand(Domain.ANY);
    int n = 2 + pool.random().nextInt(2);
    int[] inputs = new int[n];
    inputs[0] = x;
    for (int k = 1; k < n; k++) {
      inputs[k] = pool.random().nextInt(3) == 0 ? pool.leaf(pool.shape(x), Domain.ANY)
          : pool.pick(i -> pool.shape(i).equals(pool.shape(x))).orElse(x);
    }
    return pool.apply(name(), in -> Primitives.addN(in.toArray(Node[]::new)), inputs)
        .isPresent();
  }
}
