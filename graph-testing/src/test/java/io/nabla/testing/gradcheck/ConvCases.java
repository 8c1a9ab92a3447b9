package io.nabla.testing.gradcheck;

import io.nabla.testing.GradientCheck;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.ops.nn.Conv2d;
import io.nabla.ops.nn.Conv2dFilterGrad;
import io.nabla.ops.nn.Conv2dInputGrad;
import io.nabla.ops.nn.Conv2dSpec;
import io.nabla.ops.nn.Padding;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Gradient-check cases of conv2d and its two gradient ops (which are linear, so exact). */
final class ConvCases {
  private ConvCases() {}

  private record Geometry(String name, int n, int c, int h, int w, int f, int k,
      Conv2dSpec spec) {}

  private static final List<Geometry> GEOMETRIES = List.of(
      new Geometry("3x3 valid", 2, 2, 5, 5, 3, 3, Conv2dSpec.defaults()),
      new Geometry("3x3 stride 2 pad 1", 1, 2, 6, 5, 2, 3,
          Conv2dSpec.defaults().withStride(2).withPadding(1)),
      new Geometry("2x2 dilation 2 same", 1, 1, 6, 6, 2, 2,
          Conv2dSpec.defaults().withDilation(2).withPadding(Padding.same())),
      new Geometry("groups 2 asymmetric pad", 2, 4, 4, 5, 2, 3,
          Conv2dSpec.defaults().withGroups(2).withPadding(Padding.of(1, 0, 0, 2))));

  static List<GradCase> all() {
    List<GradCase> cases = new ArrayList<>();
    for (Geometry geo : GEOMETRIES) {
      for (long seed : new long[] {1, 2}) {
        String name = geo.name() + " seed " + seed;
        cases.add(new GradCase(Conv2d.class, name, () -> {
          Random r = new Random(seed);
          return GradientCheck.ofOp(new Conv2d(geo.spec()), input(geo, r), filters(geo, r),
              Tensor.fromFunction(Shape.of(geo.f()), i -> r.nextGaussian())).seed(seed);
        }));
        cases.add(new GradCase(Conv2dInputGrad.class, name, () -> {
          Random r = new Random(seed);
          Tensor x = input(geo, r);
          Tensor w = filters(geo, r);
          return GradientCheck.ofOp(new Conv2dInputGrad(geo.spec()), dy(geo, r), w, x).seed(seed);
        }));
        cases.add(new GradCase(Conv2dFilterGrad.class, name, () -> {
          Random r = new Random(seed);
          Tensor x = input(geo, r);
          Tensor w = filters(geo, r);
          return GradientCheck.ofOp(new Conv2dFilterGrad(geo.spec()), x, dy(geo, r), w)
              .seed(seed);
        }));
      }
    }
    return cases;
  }

  private static Tensor input(Geometry g, Random r) {
    return Tensor.fromFunction(Shape.of(g.n(), g.c(), g.h(), g.w()), i -> r.nextGaussian());
  }

  private static Tensor filters(Geometry g, Random r) {
    return Tensor.fromFunction(Shape.of(g.f(), g.c() / g.spec().groups(), g.k(), g.k()),
        i -> r.nextGaussian());
  }

  /** An upstream gradient shaped like the convolution's output. */
  private static Tensor dy(Geometry g, Random r) {
    var placement = g.spec().window(g.k(), g.k()).place(g.h(), g.w());
    return Tensor.fromFunction(Shape.of(g.n(), g.f(), placement.outH(), placement.outW()),
        i -> r.nextGaussian());
  }
}
