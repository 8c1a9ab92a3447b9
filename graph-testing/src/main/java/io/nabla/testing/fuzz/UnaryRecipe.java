package io.nabla.testing.fuzz;

import io.nabla.core.graph.Node;
import java.util.List;
import java.util.function.UnaryOperator;

/** An element-wise (or any shape-preserving) op of one operand taken from a {@link Domain}. */
public final class UnaryRecipe implements Recipe {
  private final String name;
  private final Domain domain;
  private final UnaryOperator<Node> op;

  private UnaryRecipe(String name, Domain domain, UnaryOperator<Node> op) {
    this.name = name;
    this.domain = domain;
    this.op = op;
  }

  /** A recipe applying {@code op} to an operand whose values lie in {@code domain}. */
  public static UnaryRecipe of(String name, Domain domain, UnaryOperator<Node> op) {
    return new UnaryRecipe(name, domain, op);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean grow(ValuePool pool) {
    int x = pool.operand(domain);
    return pool.apply(name, List.of(domain), in -> op.apply(in.get(0)), x).isPresent();
  }
}
