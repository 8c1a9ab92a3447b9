package io.nabla.testing.fuzz;

import static io.nabla.ops.NnOps.concat;

import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Shape;
import java.util.Random;

/**
 * Concatenation along a random axis of an operand with itself, with another entry that differs
 * only along that axis, or with a fresh leaf of another size along it.
 */
final class ConcatRecipe implements Recipe {
  @Override
  public String name() {
    return "concat";
  }

  @Override
  public boolean grow(ValuePool pool) {
    Random r = pool.random();
    var picked = pool.pick(i -> pool.shape(i).rank() >= 1);
    if (picked.isEmpty()) {
      return false;
    }
    int x = picked.getAsInt();
    Shape s = pool.shape(x);
    int a = r.nextInt(s.rank());
    int axis = r.nextBoolean() ? a : a - s.rank();
    int y = switch (r.nextInt(3)) {
      case 0 -> x;
      case 1 -> pool.pick(i -> i != x && alongAxisOnly(s, pool.shape(i), a)).orElse(x);
      default -> pool.leaf(s.withDim(a, 1 + r.nextInt(3)), Domain.ANY);
    };
    boolean xFirst = r.nextBoolean();
    return pool.apply("concat axis=" + axis,
        in -> concat(axis, in.toArray(Node[]::new)), xFirst ? x : y, xFirst ? y : x).isPresent();
  }

  private static boolean alongAxisOnly(Shape s, Shape t, int a) {
    return t.rank() == s.rank() && t.withDim(a, s.dim(a)).equals(s);
  }
}
