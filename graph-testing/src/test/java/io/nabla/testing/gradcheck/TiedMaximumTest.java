package io.nabla.testing.gradcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.testing.GradientCheck;
import io.nabla.testing.GradientCheckReport;
import io.nabla.core.tensor.Tensor;
import io.nabla.ops.nn.MaxPool2d;
import io.nabla.ops.nn.Padding;
import io.nabla.ops.nn.Window2d;
import org.junit.jupiter.api.Test;

/**
 * A point right on a kink (two maxima of a window tied) gives the same central difference at
 * every step, so only the one-sided slopes reveal it: the checker skips it instead of failing.
 */
class TiedMaximumTest {
  private static final MaxPool2d POOL = new MaxPool2d(Window2d.of(2, 2, Padding.valid()));

  @Test
  void aTieInAMaxPoolingWindowIsAKinkNotAFailure() {
    GradientCheckReport report = GradientCheck.ofOp(POOL,
        Tensor.of(new float[] {1f, 1f, 0.5f, -1f}, 1, 1, 2, 2)).run();
    assertTrue(report.failures().isEmpty(), report::toString);
    assertEquals(2, report.kinks().size(), report::toString);   // the two tied elements
    assertTrue(report.kinks().get(0).contains("one-sided slopes differ"), report::toString);
  }

  @Test
  void almostTiedMaximaAreKinksToo() {
    // 2e-5 apart: far closer than either difference step (1e-2 and 1e-3)
    GradientCheckReport report = GradientCheck.ofOp(POOL,
        Tensor.of(new float[] {1.84260f, 1.84262f, 0.5f, -1f}, 1, 1, 2, 2)).run();
    assertTrue(report.failures().isEmpty(), report::toString);
    assertEquals(2, report.kinks().size(), report::toString);
  }

  @Test
  void distinctMaximaAreCheckedAsUsual() {
    GradientCheckReport report = GradientCheck.ofOp(POOL,
        Tensor.of(new float[] {1f, 1.5f, 0.5f, -1f}, 1, 1, 2, 2)).run();
    assertTrue(report.ok(), report::toString);
    assertEquals(4, report.passedCount(), report::toString);
  }
}
