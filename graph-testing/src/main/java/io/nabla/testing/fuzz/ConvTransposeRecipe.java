package io.nabla.testing.fuzz;

import static io.nabla.ops.NnOps.conv2dTranspose;

import io.nabla.core.tensor.Shape;
import io.nabla.ops.nn.Conv2dSpec;
import io.nabla.ops.nn.Padding;
import java.util.Random;

/**
 * conv2d_transpose of an NCHW operand with fresh filters (and sometimes a bias): random kernel
 * size, stride, dilation, explicit padding per side, output padding below the stride or the
 * dilation, and groups.
 */
final class ConvTransposeRecipe implements Recipe {
  @Override
  public String name() {
    return "conv2d_transpose";
  }

  @Override
  public boolean grow(ValuePool pool) {
    Random r = pool.random();
    int x = ImageOperand.pick(pool);
    int channels = pool.shape(x).dim(1);
    int groups = ImageOperand.groups(channels, r);
    int perGroup = 1 + r.nextInt(2);
    int kh = 1 + r.nextInt(3);
    int kw = 1 + r.nextInt(3);
    int strideH = 1 + r.nextInt(2);
    int strideW = 1 + r.nextInt(2);
    int dilation = 1 + r.nextInt(2);
    Padding padding = r.nextBoolean() ? Padding.valid()
        : Padding.of(r.nextInt(2), r.nextInt(2), r.nextInt(2), r.nextInt(2));
    Conv2dSpec spec = Conv2dSpec.defaults().withStride(strideH, strideW).withDilation(dilation)
        .withPadding(padding).withGroups(groups);
    int outPadH = r.nextInt(Math.max(strideH, dilation));
    int outPadW = r.nextInt(Math.max(strideW, dilation));
    int w = pool.leaf(Shape.of(channels, perGroup, kh, kw), Domain.ANY);
    String label = "conv2d_transpose " + spec.attributes() + " kernel " + kh + "x" + kw
        + " output padding " + outPadH + "x" + outPadW;
    if (r.nextBoolean()) {
      int b = pool.leaf(Shape.of(perGroup * groups), Domain.ANY);
      return pool.apply(label + " with bias", in -> conv2dTranspose(in.get(0), in.get(1),
          in.get(2), spec, outPadH, outPadW), x, w, b).isPresent();
    }
    return pool.apply(label, in -> conv2dTranspose(in.get(0), in.get(1), null, spec, outPadH,
        outPadW), x, w).isPresent();
  }
}
