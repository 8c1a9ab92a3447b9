package io.nabla.nn.train;

import static io.nabla.ops.Ops.mul;

import com.google.common.base.Preconditions;
import io.nabla.core.graph.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code Σ wᵢ·lossᵢ} over several outputs; each term is reported per epoch as
 * {@code loss/<name>}, and the terms' default metrics are all reported.
 *
 * <pre>{@code
 * Loss loss = Loss.weighted().add("class", 1.0, Loss.crossEntropy("class"))
 *     .add("price", 0.5, Loss.mse("price"));
 * }</pre>
 */
public final class WeightedSum implements Loss {
  private record Term(String name, double weight, Loss loss) {}

  private final List<Term> terms = new ArrayList<>();

  WeightedSum() {}

  /** Adds {@code weight · loss}, reported as {@code loss/<name>}. */
  public WeightedSum add(String name, double weight, Loss loss) {
    Preconditions.checkArgument(Double.isFinite(weight) && weight >= 0,
        "the weight of '%s' must be finite and >= 0, not %s", name, weight);
    Preconditions.checkNotNull(loss, "loss '%s' is null", name);
    Preconditions.checkArgument(terms.stream().noneMatch(t -> t.name().equals(name)),
        "there is already a term '%s'", name);
    terms.add(new Term(name, weight, loss));
    return this;
  }

  @Override
  public Node build(LossContext ctx) {
    Preconditions.checkState(!terms.isEmpty(), "a weighted loss needs at least one term: add(…)");
    Node sum = null;
    for (Term t : terms) {
      Node l = t.loss().build(ctx);
      ctx.report("loss/" + t.name(), l);
      Node w = mul(l, (float) t.weight());
      sum = sum == null ? w : io.nabla.ops.Ops.add(sum, w);
    }
    return sum;
  }

  @Override
  public List<Metric> defaultMetrics() {
    List<Metric> all = new ArrayList<>();
    terms.forEach(t -> all.addAll(t.loss().defaultMetrics()));
    return all;
  }
}
