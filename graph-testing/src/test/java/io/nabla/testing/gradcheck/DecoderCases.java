package io.nabla.testing.gradcheck;

import io.nabla.testing.GradientCheck;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.ops.nn.Conv2dSpec;
import io.nabla.ops.nn.Conv2dTranspose;
import io.nabla.ops.nn.Padding;
import io.nabla.ops.nn.Upsample2d;
import io.nabla.ops.nn.Upsample2dGrad;
import io.nabla.ops.nn.Upsampling;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Gradient-check cases of the decoder ops: the transposed convolution (linear in input and
 * filters, so exact) and upsampling with its adjoint.
 */
final class DecoderCases {
  private DecoderCases() {}

  /** Input {@code [n,c,h,w]}, {@code f} output channels, a kh×kw kernel, spec, output padding. */
  private record Transposed(String name, int n, int c, int h, int w, int f, int kh, int kw,
      Conv2dSpec spec, int outputPaddingH, int outputPaddingW) {
    Conv2dTranspose op() {
      return new Conv2dTranspose(spec, outputPaddingH, outputPaddingW);
    }
  }

  private static final List<Transposed> TRANSPOSED = List.of(
      new Transposed("3x3 stride 1", 2, 2, 3, 4, 3, 3, 3, Conv2dSpec.defaults(), 0, 0),
      new Transposed("3x3 stride 2 pad 1 output padding 1", 1, 2, 3, 3, 2, 3, 3,
          Conv2dSpec.defaults().withStride(2).withPadding(1), 1, 1),
      new Transposed("2x3 kernel stride 2x1 asymmetric pad", 1, 1, 3, 4, 2, 2, 3,
          Conv2dSpec.defaults().withStride(2, 1).withPadding(Padding.of(1, 0, 0, 1)), 1, 0),
      new Transposed("dilation 2 output padding 1 beyond the stride", 1, 2, 3, 3, 1, 2, 2,
          Conv2dSpec.defaults().withDilation(2), 1, 1),
      new Transposed("groups 2 stride 3", 2, 4, 2, 3, 2, 2, 2,
          Conv2dSpec.defaults().withGroups(2).withStride(3), 2, 0));

  private static final List<Upsampling> UPSAMPLINGS = List.of(
      Upsampling.nearest(2), Upsampling.bilinear(2), new Upsampling(Upsampling.Mode.NEAREST,
          1.5, 3), new Upsampling(Upsampling.Mode.BILINEAR, 2.5, 1.75), Upsampling.bilinear(0.6));

  static List<GradCase> all() {
    List<GradCase> cases = new ArrayList<>();
    for (Transposed t : TRANSPOSED) {
      for (long seed : new long[] {1, 2}) {
        String name = t.name() + " seed " + seed;
        cases.add(new GradCase(Conv2dTranspose.class, name, () -> {
          Random r = new Random(seed);
          return GradientCheck.ofOp(t.op(), gaussian(r, t.n(), t.c(), t.h(), t.w()),
              gaussian(r, t.c(), t.f() / t.spec().groups(), t.kh(), t.kw()),
              gaussian(r, t.f())).seed(seed);
        }));
        cases.add(new GradCase(Conv2dTranspose.class, "without bias, " + name, () -> {
          Random r = new Random(seed);
          return GradientCheck.ofOp(t.op(), gaussian(r, t.n(), t.c(), t.h(), t.w()),
              gaussian(r, t.c(), t.f() / t.spec().groups(), t.kh(), t.kw())).seed(seed);
        }));
      }
    }
    for (Upsampling u : UPSAMPLINGS) {
      for (long seed : new long[] {1, 2}) {
        String name = u.attributes() + " seed " + seed;
        Shape in = Shape.of(2, 2, 3, 4);
        cases.add(new GradCase(Upsample2d.class, name, () ->
            GradientCheck.ofOp(new Upsample2d(u), gaussian(new Random(seed), in.dims()))
                .seed(seed)));
        cases.add(new GradCase(Upsample2dGrad.class, name, () -> {
          Random r = new Random(seed);
          Shape out = Shape.of(2, 2, u.outputSize(3, true), u.outputSize(4, false));
          return GradientCheck.ofOp(new Upsample2dGrad(u), gaussian(r, out.dims()),
              gaussian(r, in.dims())).seed(seed);
        }));
      }
    }
    return cases;
  }

  private static Tensor gaussian(Random r, int... dims) {
    return Tensor.fromFunction(Shape.of(dims), i -> r.nextGaussian());
  }
}
