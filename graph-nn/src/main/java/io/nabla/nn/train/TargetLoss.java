package io.nabla.nn.train;

import static io.nabla.ops.Ops.abs;
import static io.nabla.ops.Ops.add;
import static io.nabla.ops.Ops.mean;
import static io.nabla.ops.Ops.mse;
import static io.nabla.ops.Ops.mul;
import static io.nabla.ops.Ops.relu;
import static io.nabla.ops.Ops.sigmoidCrossEntropy;
import static io.nabla.ops.Ops.square;
import static io.nabla.ops.Ops.sub;

import com.google.common.base.Preconditions;
import io.nabla.core.graph.Node;
import java.util.List;

/**
 * A loss comparing an output element by element with a target of its shape: binary
 * cross-entropy from logits, MSE, L1 or Huber.
 */
public final class TargetLoss implements Loss {
  enum Kind { BINARY_CROSS_ENTROPY, MSE, L1, HUBER }

  private final Kind kind;
  private final String output;
  private final double delta;
  private String target;

  TargetLoss(Kind kind, String output, double delta) {
    Preconditions.checkArgument(kind != Kind.HUBER || (delta > 0 && Double.isFinite(delta)),
        "Huber's delta must be finite and > 0, not %s", delta);
    this.kind = kind;
    this.output = output;
    this.delta = delta;
  }

  /** Compares with the dataset's target {@code name} instead of the one named as the output. */
  public TargetLoss target(String name) {
    this.target = Preconditions.checkNotNull(name, "target name is null");
    return this;
  }

  @Override
  public Node build(LossContext ctx) {
    Node out = ctx.output(output);
    Node y = ctx.target(target, out);
    switch (kind) {
      case BINARY_CROSS_ENTROPY:
        return sigmoidCrossEntropy(out, y);
      case MSE:
        return mse(out, y);
      case L1:
        return mean(abs(sub(out, y)));
      default:
        // with e = |d| and m = min(e, δ) = e − relu(e − δ): m²/2 + δ(e − m)
        Node e = abs(sub(out, y));
        Node m = sub(e, relu(sub(e, (float) delta)));
        return mean(add(mul(square(m), 0.5f), mul(sub(e, m), (float) delta)));
    }
  }

  @Override
  public List<Metric> defaultMetrics() {
    return kind == Kind.BINARY_CROSS_ENTROPY ? List.of()
        : List.of(Metric.meanAbsoluteError(output).target(target));
  }
}
