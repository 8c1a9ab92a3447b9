package io.nabla.testing.fuzz;

import static io.nabla.ops.Ops.matmul;

import io.nabla.core.tensor.Shape;
import java.util.Random;

/**
 * A matrix product, 2-D or batched 3-D, with random transpose flags: the operand times itself
 * transposed, or times a fresh leaf of a fitting shape (2-D or 3-D), on either side.
 */
final class MatMulRecipe implements Recipe {
  @Override
  public String name() {
    return "matmul";
  }

  @Override
  public boolean grow(ValuePool pool) {
    Random r = pool.random();
    var picked = pool.pick(i -> pool.shape(i).rank() == 2 || pool.shape(i).rank() == 3);
    int x = picked.isPresent() && r.nextInt(4) > 0 ? picked.getAsInt()
        : pool.leaf(pool.randomShape(2, 3), Domain.ANY);
    Shape s = pool.shape(x);
    if (r.nextInt(4) == 0) {   // x·xᵀ or xᵀ·x: one operand used twice
      boolean outer = r.nextBoolean();
      return pool.apply("matmul self", in -> matmul(in.get(0), in.get(0), !outer, outer), x, x)
          .isPresent();
    }
    boolean ta = r.nextBoolean();
    boolean tb = r.nextBoolean();
    boolean xLeft = r.nextBoolean();
    // the dimension x shares with the other operand: its k when on the left, else its k too
    int inner = xLeft ? s.dim(ta ? -2 : -1) : s.dim(tb ? -1 : -2);
    int free = 1 + r.nextInt(4);
    int[] mat = xLeft ? (tb ? new int[] {free, inner} : new int[] {inner, free})
        : (ta ? new int[] {inner, free} : new int[] {free, inner});
    boolean batched = s.rank() == 3 ? r.nextBoolean() : r.nextInt(3) == 0;
    int batch = s.rank() == 3 ? s.dim(0) : 1 + r.nextInt(3);
    Shape other = batched ? Shape.of(batch, mat[0], mat[1]) : Shape.of(mat);
    int y = pool.leaf(other, Domain.ANY);
    String label = "matmul ta=" + ta + " tb=" + tb;
    return pool.apply(label, in -> matmul(in.get(0), in.get(1), ta, tb), xLeft ? x : y,
        xLeft ? y : x).isPresent();
  }
}
