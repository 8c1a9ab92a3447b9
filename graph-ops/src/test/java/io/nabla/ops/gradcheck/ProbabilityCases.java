package io.nabla.ops.gradcheck;

import java.util.ArrayList;
import java.util.List;

/** Gradient-check cases of the probability ops. */
final class ProbabilityCases {
  private ProbabilityCases() {}

  static List<GradCase> all() {
    List<GradCase> cases = new ArrayList<>();
    return cases;
  }
}
