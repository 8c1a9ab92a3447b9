package io.nabla.testing.fuzz;

import static io.nabla.ops.NnOps.conv2d;

import io.nabla.core.tensor.Shape;
import io.nabla.ops.nn.Conv2dSpec;
import io.nabla.ops.nn.Padding;
import java.util.Random;

/**
 * conv2d of an NCHW operand with fresh filters (and sometimes a bias): random kernel size, stride,
 * dilation, padding (valid, same or explicit per side) and groups.
 */
final class ConvRecipe implements Recipe {
  @Override
  public String name() {
    return "conv2d";
  }

  @Override
  public boolean grow(ValuePool pool) {
    Random r = pool.random();
    int x = ImageOperand.pick(pool);
    int channels = pool.shape(x).dim(1);
    int groups = ImageOperand.groups(channels, r);
    int filters = groups * (1 + r.nextInt(2));
    int kh = 1 + r.nextInt(3);
    int kw = 1 + r.nextInt(3);
    Padding padding = switch (r.nextInt(3)) {
      case 0 -> Padding.valid();
      case 1 -> Padding.same();
      default -> Padding.of(r.nextInt(2), r.nextInt(2), r.nextInt(2), r.nextInt(2));
    };
    Conv2dSpec spec = Conv2dSpec.defaults().withStride(1 + r.nextInt(2), 1 + r.nextInt(2))
        .withDilation(1 + r.nextInt(2)).withPadding(padding).withGroups(groups);
    int w = pool.leaf(Shape.of(filters, channels / groups, kh, kw), Domain.ANY);
    String label = "conv2d " + spec.attributes() + " kernel " + kh + "x" + kw;
    if (r.nextBoolean()) {
      int b = pool.leaf(Shape.of(filters), Domain.ANY);
      return pool.apply(label + " with bias",
          in -> conv2d(in.get(0), in.get(1), in.get(2), spec), x, w, b).isPresent();
    }
    return pool.apply(label, in -> conv2d(in.get(0), in.get(1), spec), x, w).isPresent();
  }
}
