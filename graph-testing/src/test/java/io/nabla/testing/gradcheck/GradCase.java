package io.nabla.testing.gradcheck;

import io.nabla.testing.GradientCheck;
import io.nabla.core.graph.Op;
import java.util.function.Supplier;

/**
 * One finite-difference gradient check of an op: which op class it covers, a readable name
 * (shapes, seed, attributes) and the check to run.
 */
public record GradCase(Class<? extends Op> op, String name, Supplier<GradientCheck> check) {
  @Override
  public String toString() {
    return op.getSimpleName() + ": " + name;
  }
}
