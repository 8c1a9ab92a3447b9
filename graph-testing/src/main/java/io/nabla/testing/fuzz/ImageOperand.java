package io.nabla.testing.fuzz;

import io.nabla.core.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Finds or makes an NCHW operand for convolution and pooling, and picks their groups. */
final class ImageOperand {
  private ImageOperand() {}

  /**
   * An entry of rank 4; else, sometimes, an entry of rank 2 or 3 folded into NCHW; else a fresh
   * leaf {@code [1..2, 1..3, 3..6, 3..6]}.
   */
  static int pick(ValuePool pool) {
    Random r = pool.random();
    var image = pool.pick(i -> pool.shape(i).rank() == 4 && pool.shape(i).dim(-1) >= 2);
    if (image.isPresent() && r.nextInt(4) > 0) {
      return image.getAsInt();
    }
    var foldable = pool.pick(i -> pool.shape(i).rank() >= 2 && pool.shape(i).dim(-1) >= 3
        && pool.shape(i).dim(-2) >= 3);
    if (foldable.isPresent() && r.nextBoolean()) {
      var folded = pool.apply("reshape nchw", in -> LayoutRecipe.nchw(in.get(0)),
          foldable.getAsInt());
      if (folded.isPresent()) {
        return folded.getAsInt();
      }
    }
    Shape shape = Shape.of(1 + r.nextInt(2), 1 + r.nextInt(3), 3 + r.nextInt(4), 3 + r.nextInt(4));
    return pool.leaf(shape, Domain.ANY);
  }

  /** A group count for a convolution over {@code channels}: one of its divisors, at random. */
  static int groups(int channels, Random r) {
    List<Integer> divisors = new ArrayList<>();
    for (int g = 1; g <= channels; g++) {
      if (channels % g == 0) {
        divisors.add(g);
      }
    }
    return divisors.get(r.nextInt(divisors.size()));
  }
}
