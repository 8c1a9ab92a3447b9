package io.nabla.nn.init;

import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.Random;

/** Draws the starting value of a parameter; seeded through the {@link Random} it is given. */
@FunctionalInterface
public interface Initializer {

  /**
   * A tensor of {@code shape} for a parameter that each output unit sees {@code fanIn} inputs
   * through and each input reaches {@code fanOut} outputs through.
   */
  Tensor create(Shape shape, int fanIn, int fanOut, Random random);
}
