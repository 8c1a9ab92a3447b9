package io.nabla.nn.data;

import com.google.common.base.Preconditions;
import io.nabla.core.tensor.Tensor;

/**
 * One mini-batch: features {@code x} of shape {@code [b, …]} and class indices {@code y} of
 * shape {@code [b]}, stored as floats.
 */
public record Batch(Tensor x, Tensor y) {
  /** Checks that {@code x} and {@code y} hold the same number of examples. */
  public Batch {
    Preconditions.checkArgument(x.shape().rank() >= 1 && y.shape().rank() == 1
            && x.shape().dim(0) == y.shape().dim(0),
        "a batch needs x [b, …] and y [b] with the same b, not x %s and y %s",
        x.shape().describe(), y.shape().describe());
  }

  /** The number of examples, {@code b}. */
  public int size() {
    return y.shape().dim(0);
  }
}
