package io.nabla.testing.fuzz;

import static io.nabla.ops.Ops.logSoftmax;
import static io.nabla.ops.Ops.softmax;

/** Softmax or log-softmax along a random axis (written positive or negative). */
final class SoftmaxRecipe implements Recipe {
  private final boolean log;

  SoftmaxRecipe(boolean log) {
    this.log = log;
  }

  @Override
  public String name() {
    return log ? "log_softmax" : "softmax";
  }

  @Override
  public boolean grow(ValuePool pool) {
    var x = pool.pick(i -> pool.shape(i).rank() >= 1);
    if (x.isEmpty()) {
      return false;
    }
    int rank = pool.shape(x.getAsInt()).rank();
    int axis = pool.random().nextInt(rank) - (pool.random().nextBoolean() ? rank : 0);
    return pool.apply(name() + " axis=" + axis,
        in -> log ? logSoftmax(in.get(0), axis) : softmax(in.get(0), axis), x.getAsInt())
        .isPresent();
  }
}
