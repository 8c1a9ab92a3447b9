package io.nabla.ops.gradcheck;

import java.util.ArrayList;
import java.util.List;

/** Gradient-check cases of the pooling ops. */
final class PoolingCases {
  private PoolingCases() {}

  static List<GradCase> all() {
    List<GradCase> cases = new ArrayList<>();
    return cases;
  }
}
