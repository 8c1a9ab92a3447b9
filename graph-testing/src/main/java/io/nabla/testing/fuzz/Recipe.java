package io.nabla.testing.fuzz;

/**
 * One way to grow a random graph: picks operands in a {@link ValuePool}, draws the op's attributes
 * and applies it. Implement it to fuzz a custom op next to the library's:
 *
 * <pre>{@code
 * Recipe mine = UnaryRecipe.of("softsign", Domain.ANY, x -> x.graph().apply(new SoftSign(), x));
 * }</pre>
 */
public interface Recipe {
  /** What the recipe applies, e.g. {@code conv2d}; counted in the fuzzer's coverage. */
  String name();

  /** Tries to add a step to {@code pool}; returns whether one was added. */
  boolean grow(ValuePool pool);
}
