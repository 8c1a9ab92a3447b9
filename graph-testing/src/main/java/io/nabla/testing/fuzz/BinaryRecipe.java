package io.nabla.testing.fuzz;

import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Broadcast;
import io.nabla.core.tensor.Shape;
import java.util.List;
import java.util.Random;
import java.util.function.BinaryOperator;

/**
 * An element-wise op of two operands with numpy broadcasting. The second operand is the first
 * again (x·x), another entry whose shape broadcasts against it, or a fresh leaf of a shape that
 * does: one with some axes of size 1, fewer leading axes, an extra leading axis, or a scalar.
 */
public final class BinaryRecipe implements Recipe {
  private final String name;
  private final Domain domainA;
  private final Domain domainB;
  private final BinaryOperator<Node> op;

  private BinaryRecipe(String name, Domain domainA, Domain domainB, BinaryOperator<Node> op) {
    this.name = name;
    this.domainA = domainA;
    this.domainB = domainB;
    this.op = op;
  }

  /** A recipe applying {@code op(a, b)}, a from {@code domainA} and b from {@code domainB}. */
  public static BinaryRecipe of(String name, Domain domainA, Domain domainB,
      BinaryOperator<Node> op) {
    return new BinaryRecipe(name, domainA, domainB, op);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean grow(ValuePool pool) {
    boolean first = pool.random().nextBoolean();
    int x = pool.operand(first ? domainA : domainB);
    int y = partner(pool, x, first ? domainB : domainA);
    return pool.apply(name, List.of(domainA, domainB), in -> op.apply(in.get(0), in.get(1)),
        first ? x : y, first ? y : x).isPresent();
  }

  private static int partner(ValuePool pool, int x, Domain domain) {
    Random r = pool.random();
    Shape shape = pool.shape(x);
    int choice = r.nextInt(4);
    if (choice == 0 && domain.admits(pool.value(x))) {
      return x;
    }
    if (choice == 1) {
      var other = pool.operand(domain, i -> Broadcast.shapes(shape, pool.shape(i)).isPresent());
      if (other.isPresent()) {
        return other.getAsInt();
      }
    }
    return pool.leaf(partnerShape(shape, r), domain);
  }

  /** A random shape that broadcasts against {@code shape}. */
  static Shape partnerShape(Shape shape, Random r) {
    int[] dims = shape.dims();
    switch (r.nextInt(4)) {
      case 0 -> {
        return Shape.scalar();
      }
      case 1 -> {   // fewer leading axes
        int drop = r.nextInt(dims.length + 1);
        dims = java.util.Arrays.copyOfRange(dims, drop, dims.length);
      }
      case 2 -> {   // one more leading axis, when the rank allows
        if (dims.length < 4) {
          int[] lifted = new int[dims.length + 1];
          lifted[0] = 1 + r.nextInt(3);
          System.arraycopy(dims, 0, lifted, 1, dims.length);
          dims = lifted;
        }
      }
      default -> { }
    }
    for (int d = 0; d < dims.length; d++) {
      if (r.nextInt(3) == 0) {
        dims[d] = 1;
      }
    }
    return Shape.of(dims);
  }
}
