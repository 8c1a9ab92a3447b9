package io.nabla.testing.fuzz;

import static io.nabla.ops.NnOps.upsample2d;

import io.nabla.ops.nn.Upsampling;
import java.util.Random;

/**
 * upsample2d of an NCHW operand: nearest or bilinear, by whole or fractional scale factors per
 * axis, shrinking ones included.
 */
final class UpsampleRecipe implements Recipe {
  private static final double[] SCALES = {0.5, 0.75, 1, 1.5, 2, 2.5, 3};

  @Override
  public String name() {
    return "upsample2d";
  }

  @Override
  public boolean grow(ValuePool pool) {
    Random r = pool.random();
    int x = ImageOperand.pick(pool);
    Upsampling how = new Upsampling(Upsampling.Mode.values()[r.nextInt(2)],
        SCALES[r.nextInt(SCALES.length)], SCALES[r.nextInt(SCALES.length)]);
    return pool.apply("upsample2d " + how.attributes(), in -> upsample2d(in.get(0), how), x)
        .isPresent();
  }
}
