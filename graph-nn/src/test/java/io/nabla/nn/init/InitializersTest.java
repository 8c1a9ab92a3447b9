package io.nabla.nn.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InitializersTest {
  private static final Shape SHAPE = Shape.of(300, 200);

  private static double variance(Tensor t) {
    double sq = 0;
    for (int i = 0; i < t.size(); i++) {
      sq += (double) t.get(i) * t.get(i);
    }
    return sq / t.size();
  }

  @Test
  void heNormalHasVarianceTwoOverFanIn() {
    Tensor t = Initializers.heNormal().create(SHAPE, 300, 200, new Random(1));
    assertEquals(2.0 / 300, variance(t), 0.03 * 2.0 / 300);
  }

  @Test
  void xavierUniformStaysInItsBoundWithTheRightVariance() {
    Tensor t = Initializers.xavierUniform().create(SHAPE, 300, 200, new Random(2));
    double bound = Math.sqrt(6.0 / 500);
    for (int i = 0; i < t.size(); i++) {
      assertTrue(Math.abs(t.get(i)) <= bound);
    }
    assertEquals(2.0 / 500, variance(t), 0.03 * 2.0 / 500);
  }

  @Test
  void xavierNormalHasVarianceTwoOverFanInPlusFanOut() {
    Tensor t = Initializers.xavierNormal().create(SHAPE, 300, 200, new Random(3));
    assertEquals(2.0 / 500, variance(t), 0.03 * 2.0 / 500);
  }

  @Test
  void constantsAndZerosAndSeeds() {
    assertEquals(Tensor.filled(Shape.of(3), 1.5f),
        Initializers.constant(1.5f).create(Shape.of(3), 1, 1, new Random()));
    assertEquals(Tensor.zeros(2, 2), Initializers.zeros().create(Shape.of(2, 2), 1, 1, null));
    assertEquals(Initializers.heNormal().create(SHAPE, 3, 3, new Random(7)),
        Initializers.heNormal().create(SHAPE, 3, 3, new Random(7)), "same seed, same values");
    assertThrows(IllegalArgumentException.class, () -> Initializers.constant(Float.NaN));
  }
}
