package io.nabla.nn.init;

import com.google.common.base.Preconditions;
import io.nabla.core.tensor.Tensor;

/** The standard initializers. */
public final class Initializers {
  private Initializers() {}

  /**
   * He (Kaiming) normal: N(0, 2 / fanIn), the course's √(2/dim) rule, which keeps the variance
   * of ReLU activations steady from layer to layer.
   */
  public static Initializer heNormal() {
    return (shape, fanIn, fanOut, random) -> {
      double std = Math.sqrt(2.0 / Math.max(1, fanIn));
      return Tensor.fromFunction(shape, i -> random.nextGaussian() * std);
    };
  }

  /** Xavier/Glorot uniform: U(−a, a) with a = √(6 / (fanIn + fanOut)), for tanh and sigmoid. */
  public static Initializer xavierUniform() {
    return (shape, fanIn, fanOut, random) -> {
      double a = Math.sqrt(6.0 / Math.max(1, fanIn + fanOut));
      return Tensor.fromFunction(shape, i -> (random.nextDouble() * 2 - 1) * a);
    };
  }

  /** Xavier/Glorot normal: N(0, 2 / (fanIn + fanOut)). */
  public static Initializer xavierNormal() {
    return (shape, fanIn, fanOut, random) -> {
      double std = Math.sqrt(2.0 / Math.max(1, fanIn + fanOut));
      return Tensor.fromFunction(shape, i -> random.nextGaussian() * std);
    };
  }

  /** All zeros (biases, batch-norm shifts). */
  public static Initializer zeros() {
    return constant(0f);
  }

  /** All {@code value} (batch-norm scales start at 1). */
  public static Initializer constant(float value) {
    Preconditions.checkArgument(Float.isFinite(value), "initial value must be finite, not %s",
        value);
    return (shape, fanIn, fanOut, random) -> Tensor.filled(shape, value);
  }
}
