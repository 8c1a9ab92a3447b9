package io.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.graph.Node;
import io.nabla.nn.data.Dataset;
import io.nabla.nn.data.Generated;
import io.nabla.nn.model.Cnn;
import io.nabla.nn.model.Model;
import io.nabla.nn.optim.Adam;
import io.nabla.nn.train.EpochRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A model with batch norm trains on the cluster: each replica normalizes with its own batch's
 * statistics, the driver moves the running statistics with their mean over the partitions, and
 * the model in inference mode classifies the held-out images.
 */
class BatchNormTest {
  static Model model() {
    return Cnn.input(1, 28, 28).conv(6, 3, 1).batchNorm().relu().maxPool(2).flatten()
        .dense(10).build(3);
  }

  @Test
  void aModelWithBatchNormTrains() {
    Dataset train = Generated.images(1_200, 5);
    Dataset test = Generated.images(300, 6);
    SparkTrainer t = SparkTrainer.builder(LocalSpark.context(),
        TrainingSpec.of(BatchNormTest::model, () -> new Adam(0.005))).batchSize(16).seed(1)
        .build();
    Model initial = model();
    List<EpochRecord> history = t.fit(SparkTrainer.distribute(LocalSpark.context(), train, 2),
        test, 3);

    EpochRecord last = history.get(history.size() - 1);
    assertTrue(last.trainLoss() < history.get(0).trainLoss(), history.toString());
    assertTrue(last.testAccuracy() > 0.6, "test accuracy " + last.testAccuracy());
    for (Node s : t.model().states()) {
      float[] now = t.model().session().value(s).toArray();
      float[] before = initial.session().value(initial.graph().node(s.name())).toArray();
      assertTrue(!java.util.Arrays.equals(now, before), s.name() + " moved");
    }
  }
}
