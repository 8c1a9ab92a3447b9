package io.nabla.testing.gradcheck;

import io.nabla.testing.GradientCheck;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.ops.math.MatMulBias;
import io.nabla.ops.nn.Conv2dRelu;
import io.nabla.ops.nn.Conv2dSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Gradient-check cases of the fused ops that plan passes build (matmul+bias+ReLU, conv+ReLU). */
final class FusedCases {
  private FusedCases() {}

  static List<GradCase> all() {
    List<GradCase> cases = new ArrayList<>();
    for (long seed : new long[] {1, 2}) {
      for (boolean relu : new boolean[] {false, true}) {
        for (boolean ta : new boolean[] {false, true}) {
          for (boolean tb : new boolean[] {false, true}) {
            // [3,4]·[4,5] + [5], each operand stored transposed when asked
            Shape a = ta ? Shape.of(4, 3) : Shape.of(3, 4);
            Shape b = tb ? Shape.of(5, 4) : Shape.of(4, 5);
            cases.add(new GradCase(MatMulBias.class, "relu=" + relu + " ta=" + ta + " tb=" + tb
                + " seed " + seed, () -> {
                  Random r = new Random(seed);
                  return GradientCheck.ofOp(new MatMulBias(ta, tb, relu), gaussian(r, a),
                      gaussian(r, b), gaussian(r, Shape.of(5))).seed(seed);
                }));
          }
        }
      }
      cases.add(new GradCase(Conv2dRelu.class, "3x3 pad 1 seed " + seed, () -> {
        Random r = new Random(seed);
        return GradientCheck.ofOp(new Conv2dRelu(Conv2dSpec.defaults().withPadding(1)),
            gaussian(r, Shape.of(2, 2, 5, 5)), gaussian(r, Shape.of(3, 2, 3, 3)),
            gaussian(r, Shape.of(3))).seed(seed);
      }));
    }
    return cases;
  }

  private static Tensor gaussian(Random r, Shape shape) {
    return Tensor.fromFunction(shape, i -> r.nextGaussian());
  }
}
