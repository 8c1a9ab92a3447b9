package io.nabla.testing.fuzz;

import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.Random;

/** The values an operand may take, so that ops stay inside their domain and clear of overflow. */
public enum Domain {
  /** Any finite value. Fresh leaves are ±[0.1, 2]: clear of the kink of ReLU and |x| at 0. */
  ANY(Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY),
  /** At least 0.25: log, sqrt, a divisor, the base of a power. */
  POSITIVE(0.25f, Float.POSITIVE_INFINITY),
  /** Within ±3: the argument of exp, an exponent. */
  MODERATE(-3f, 3f),
  /** Within [0.05, 0.95]: probabilities, such as the targets of a binary cross-entropy. */
  PROBABILITY(0.05f, 0.95f);

  private final float min;
  private final float max;

  Domain(float min, float max) {
    this.min = min;
    this.max = max;
  }

  /** True when every element of {@code t} lies in this domain. */
  public boolean admits(Tensor t) {
    for (int i = 0; i < t.size(); i++) {
      float v = t.get(i);
      if (!(v >= min && v <= max)) {
        return false;
      }
    }
    return true;
  }

  /** A fresh tensor of {@code shape} with values drawn from this domain. */
  public Tensor draw(Shape shape, Random random) {
    return Tensor.fromFunction(shape, i -> switch (this) {
      case ANY, MODERATE -> (random.nextBoolean() ? 1 : -1) * (0.1 + 1.9 * random.nextDouble());
      case POSITIVE -> 0.5 + 1.5 * random.nextDouble();
      case PROBABILITY -> 0.1 + 0.8 * random.nextDouble();
    });
  }
}
