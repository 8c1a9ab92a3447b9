package io.nabla.testing.fuzz;

import static io.nabla.ops.NnOps.avgPool2d;
import static io.nabla.ops.NnOps.globalAvgPool;
import static io.nabla.ops.NnOps.maxPool2d;

import io.nabla.ops.nn.Padding;
import io.nabla.ops.nn.Window2d;
import java.util.Random;

/** Max or average pooling of an NCHW operand with a random window, or global average pooling. */
final class PoolRecipe implements Recipe {
  @Override
  public String name() {
    return "pooling";
  }

  @Override
  public boolean grow(ValuePool pool) {
    Random r = pool.random();
    int x = ImageOperand.pick(pool);
    int kind = r.nextInt(5);
    if (kind == 4) {
      return pool.apply("global_avg_pool", in -> globalAvgPool(in.get(0)), x).isPresent();
    }
    int kh = 1 + r.nextInt(3);
    int kw = 1 + r.nextInt(3);
    Padding padding = switch (r.nextInt(3)) {
      case 0 -> Padding.valid();
      case 1 -> Padding.same();
      default -> Padding.of(r.nextInt(kh), r.nextInt(kh), r.nextInt(kw), r.nextInt(kw));
    };
    Window2d window = new Window2d(kh, kw, 1 + r.nextInt(2), 1 + r.nextInt(3), 1, 1, padding);
    boolean max = kind < 2;
    return pool.apply((max ? "max_pool2d " : "avg_pool2d ") + window.attributes(),
        in -> max ? maxPool2d(in.get(0), window) : avgPool2d(in.get(0), window), x).isPresent();
  }
}
