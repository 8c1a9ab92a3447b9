package io.nabla.testing.fuzz;

import io.nabla.core.graph.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A reduction (sum, mean or max) over a random set of axes, some written negative, or over all. */
final class ReduceRecipe implements Recipe {
  /** A reduction builder, such as {@code Ops::sum}. */
  interface Reduction {
    Node apply(Node x, boolean keepDims, int... axes);
  }

  private final String name;
  private final Reduction reduction;

  ReduceRecipe(String name, Reduction reduction) {
    this.name = name;
    this.reduction = reduction;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean grow(ValuePool pool) {
    Random r = pool.random();
    int x = pool.operand(Domain.ANY);
    int rank = pool.shape(x).rank();
    List<Integer> axes = new ArrayList<>();
    for (int a = 0; a < rank && r.nextInt(4) > 0; a++) {
      if (r.nextBoolean()) {
        axes.add(r.nextBoolean() ? a : a - rank);
      }
    }
    int[] ax = axes.stream().mapToInt(Integer::intValue).toArray();
    boolean keep = r.nextBoolean();
    String label = name + " axes=" + axes + " keep_dims=" + keep;
    return pool.apply(label, in -> reduction.apply(in.get(0), keep, ax), x).isPresent();
  }
}
