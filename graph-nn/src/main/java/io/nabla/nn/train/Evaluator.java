package io.nabla.nn.train;

import io.nabla.core.exec.Plan;
import io.nabla.core.exec.Results;
import io.nabla.core.exec.RunOptions;
import io.nabla.core.graph.Node;
import io.nabla.nn.data.Batch;
import io.nabla.nn.data.Dataset;
import io.nabla.nn.model.Model;
import java.util.ArrayList;
import java.util.List;

/**
 * A trainer's evaluation: one plan, compiled once, of the loss, the reported loss terms and the
 * metrics in inference mode, run over a dataset 500 examples at a time.
 */
final class Evaluator {
  private static final int BATCH = 500;

  private final Node loss;
  private final Targets targets;
  private final List<MetricSums.Measured> metrics;
  private final Feeds feeding;
  private final BatchCheck check;
  private final Plan plan;

  Evaluator(Model model, Node loss, Targets targets, List<MetricSums.Measured> metrics,
      Feeds feeding, BatchCheck check) {
    this.loss = loss;
    this.targets = targets;
    this.metrics = metrics;
    this.feeding = feeding;
    this.check = check;
    List<Node> fetches = new ArrayList<>();
    fetches.add(loss);
    fetches.addAll(targets.reported().values());
    metrics.forEach(m -> fetches.add(m.output()));
    List<Node> fed = new ArrayList<>(model.inputs().values());
    targets.targets().values().forEach(t -> fed.add(t.placeholder()));
    this.plan = model.session().compile(fetches, fed);
  }

  /** See {@link Trainer#evaluate}. */
  Evaluation evaluate(Dataset data) {
    check.checkSet(data, "the evaluation set");
    MetricSums sums = new MetricSums(metrics, targets.reported(), feeding, true);
    double lossSum = 0;
    int first = 0;
    for (Batch batch : data.batches(BATCH, null)) {
      check.check(batch, "the evaluation set", first);
      first += batch.size();
      Results r = plan.run(feeding.feeds(batch), RunOptions.forInference());
      lossSum += r.scalar(loss) * batch.size();
      sums.add(r, batch);
    }
    return new Evaluation(lossSum / data.size(), sums.accuracy(), sums.confusion(),
        sums.means(""));
  }
}
