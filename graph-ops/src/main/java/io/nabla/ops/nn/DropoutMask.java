package io.nabla.ops.nn;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Shape;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The multiplier of inverted dropout, shaped like its input (whose values are ignored). In a
 * training run each element is 0 with probability p and 1/(1 − p) otherwise, so the expectation
 * of {@code x · mask} is x; in an inference run it is all ones. Draws come from the run's
 * random source: the same seed gives the same mask. See {@link io.nabla.ops.NnOps#dropout}.
 */
public final class DropoutMask implements Op {
  private final float p;

  /** {@code p}: the probability of dropping an element, in [0, 1). */
  public DropoutMask(float p) {
    if (!(p >= 0f && p < 1f)) {
      throw new IllegalArgumentException("dropout: the drop probability p must be in [0, 1),"
          + " not " + p + " (p = 0.5 drops half of the elements; p = 1 would drop them all)");
    }
    this.p = p;
  }

  public float p() {
    return p;
  }

  @Override
  public String type() {
    return "dropout_mask";
  }

  @Override
  public Map<String, Object> attributes() {
    return Map.of("p", p);
  }

  /** Drawn from the node's own random stream in a training run. */
  @Override
  public boolean dependsOnRun() {
    return true;
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    return ShapeRules.unary(this, in);
  }

  @Override
  public void compute(OpContext c) {
    float[] mask = c.output().data();
    int n = c.output().size();
    if (!c.training() || p == 0f) {
      Arrays.fill(mask, 0, n, 1f);
      return;
    }
    // one sequential stream, so the mask depends on the seed only, not on the thread count
    SplittableRandom random = c.random();
    float keep = 1f / (1f - p);
    for (int i = 0; i < n; i++) {
      mask[i] = random.nextDouble() < p ? 0f : keep;
    }
  }

  /** The mask depends only on the input's shape and the run's random source. */
  @Override
  public List<Node> gradient(GradContext g) {
    return Collections.singletonList(null);
  }

  @Override
  public boolean isDifferentiable(int index) {
    return false;
  }
}
