package io.nabla.nn.data;

import com.google.common.base.Preconditions;

/** A dataset cut in two: one part to train on and one held out to test (or validate) with. */
public record Splits(Dataset train, Dataset test) {
  /** Checks that both parts are present. */
  public Splits {
    Preconditions.checkNotNull(train, "train split is null");
    Preconditions.checkNotNull(test, "test split is null");
  }
}
