package io.nabla.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.data.Batch;
import io.nabla.nn.data.Dataset;
import io.nabla.nn.data.Generated;
import io.nabla.nn.model.Cnn;
import io.nabla.nn.model.Model;
import io.nabla.nn.optim.LearningRateSchedule;
import io.nabla.nn.optim.Sgd;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A step split in two — {@link Trainer#computeGradients} then {@link Trainer#applyGradients} —
 * is the step {@link Trainer#step} takes: an epoch loop written on them over {@link EpochSteps}
 * ends bit for bit where {@code fit} does, schedule, clipping, momentum and running statistics
 * included.
 */
class SplitStepTest {
  private static final Dataset TRAIN = Generated.images(96, 1);
  private static final Dataset TEST = Generated.images(32, 2);

  /** Batch norm makes the running statistics part of what must agree. */
  private static Model model() {
    return Cnn.input(1, 28, 28).conv(4, 3, 1).batchNorm().relu().maxPool(2).flatten()
        .dense(10).build(5);
  }

  private static Trainer trainer(Model model) {
    return Trainer.builder(model, new Sgd(0.05, 0.9)).seed(3).clipGradientNorm(1.0)
        .schedule(LearningRateSchedule.step(1, 0.5)).build();
  }

  /** The same shuffled batches as fit, each computed, then applied. */
  private static EpochSteps split(int batchSize) {
    return new EpochSteps() {
      @Override
      public int count(int epoch) {
        return (TRAIN.size() + batchSize - 1) / batchSize;
      }

      @Override
      public void run(Trainer t, int epoch) {
        for (Batch b : TRAIN.batches(batchSize, new Random(3 * 7919 + epoch))) {
          t.applyGradients(t.computeGradients(b, t.steps()), b.size());
        }
      }
    };
  }

  @Test
  void computingThenApplyingIsTheStepFitTakes() {
    Model local = model();
    List<EpochRecord> fitted = trainer(local).fit(TRAIN, TEST, 2, 16);
    Model split = model();
    List<EpochRecord> stepped = trainer(split).fit(split(16), TEST, 2);

    assertTrue(!local.states().isEmpty());
    for (Node v : allVariables(local)) {
      assertArrayEquals(local.session().value(v).toArray(),
          split.session().value(split.graph().node(v.name())).toArray(), 0f, v.name());
    }
    for (int e = 0; e < 2; e++) {
      assertEquals(fitted.get(e).trainLoss(), stepped.get(e).trainLoss(), 0.0);
      assertEquals(fitted.get(e).testLoss(), stepped.get(e).testLoss(), 0.0);
      assertEquals(fitted.get(e).learningRate(), stepped.get(e).learningRate(), 0.0);
      // the metric sums travel with the gradients: the epoch's train accuracy is fit's
      assertEquals(fitted.get(e).trainAccuracy(), stepped.get(e).trainAccuracy(), 0.0);
    }
    assertTrue(fitted.get(1).trainAccuracy() > 0);
  }

  @Test
  void gradientsWithoutMetricSumsLeaveTheTrainAccuracyUnknown() {
    Model model = model();
    Trainer t = trainer(model);
    List<EpochRecord> h = t.fit(new EpochSteps() {
      @Override
      public int count(int epoch) {
        return 1;
      }

      @Override
      public void run(Trainer tr, int epoch) {
        Batch b = TRAIN.batches(16, null).get(0);
        StepGradients g = tr.computeGradients(b, 0);
        tr.applyGradients(new StepGradients(g.loss(), g.gradients(), g.batchStatistics(),
            g.sampleCounts()), b.size());
      }
    }, null, 1);
    assertTrue(Double.isNaN(h.get(0).trainAccuracy()), "none rather than a zero");
  }

  @Test
  void stepsCountedFromElsewhereAddTheirLossAndMetrics() {
    Model model = model();
    Trainer t = trainer(model);
    Batch b = TRAIN.batches(16, null).get(0);
    StepGradients g = t.computeGradients(b, 0);
    List<Integer> batches = new ArrayList<>();
    t = Trainer.builder(model, new Sgd(0.05)).listener(new TrainingListener() {
      @Override
      public void batchFinished(int epoch, int batch, double loss) {
        batches.add(batch);
      }
    }).build();
    List<EpochRecord> h = t.fit(new EpochSteps() {
      @Override
      public int count(int epoch) {
        return 3;
      }

      @Override
      public void run(Trainer tr, int epoch) {
        // three steps of 16 examples, each with this batch's metrics: as if taken elsewhere
        List<Double> sums = new ArrayList<>();
        for (double v : g.metricSums()) {
          sums.add(3 * v);
        }
        tr.countSteps(3, 16, 0.75, sums);
      }
    }, null, 1);
    assertEquals(3, t.steps());
    assertEquals(List.of(1, 2, 3), batches);
    assertEquals(0.75, h.get(0).trainLoss(), 1e-12);
    assertEquals(g.metricSums().get(0) / 16, h.get(0).trainAccuracy(), 1e-12);
    Trainer same = t;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> same.countSteps(1, 16, Double.NaN, List.of()));
    assertEquals("the steps' mean loss is NaN; a diverged run is not counted", e.getMessage());
  }

  @Test
  void computingChangesNothing() {
    Model model = model();
    Trainer t = trainer(model);
    List<float[]> before = values(model);
    Batch batch = TRAIN.batches(16, null).get(0);
    StepGradients g = t.computeGradients(batch, 0);
    StepGradients again = t.computeGradients(batch, 0);

    assertEquals(0, t.steps());
    for (int i = 0; i < before.size(); i++) {
      assertArrayEquals(before.get(i), values(model).get(i), 0f);
    }
    assertEquals(model.parameters().size(), g.gradients().size());
    assertEquals(model.runningAverages().size(), g.batchStatistics().size());
    assertEquals(g.loss(), again.loss(), 0.0);
    assertArrayEquals(g.gradients().get(0).toArray(), again.gradients().get(0).toArray(), 0f);
  }

  @Test
  void gradientsThatDoNotFitAreRefusedNamingWhat() {
    Model model = model();
    Trainer t = trainer(model);
    StepGradients g = t.computeGradients(TRAIN.batches(16, null).get(0), 0);
    List<Tensor> fewer = g.gradients().subList(1, g.gradients().size());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> t.applyGradients(new StepGradients(g.loss(), fewer, g.batchStatistics(),
            g.sampleCounts()), 16));
    assertEquals((model.parameters().size() - 1) + " gradients for the "
        + model.parameters().size() + " parameters this step trains; compute them with a step"
        + " over the same model and frozen set", e.getMessage());

    List<Tensor> misShaped = new ArrayList<>(g.gradients());
    misShaped.set(0, Tensor.zeros(io.nabla.core.tensor.Shape.of(2)));
    e = assertThrows(IllegalArgumentException.class,
        () -> t.applyGradients(new StepGradients(g.loss(), misShaped, g.batchStatistics(),
            g.sampleCounts()), 16));
    assertEquals("the gradient of '" + model.parameters().get(0).name() + "' is f32[2] but the"
        + " parameter is " + model.session().value(model.parameters().get(0).variable())
        .shape().describe(), e.getMessage());
    assertEquals(0, t.steps());
  }

  @Test
  void nonFiniteSummedGradientsAreNotApplied() {
    Model model = model();
    Trainer t = trainer(model);
    StepGradients g = t.computeGradients(TRAIN.batches(16, null).get(0), 0);
    g.gradients().get(1).data()[0] = Float.NaN;
    List<float[]> before = values(model);
    assertThrows(DivergenceException.class, () -> t.applyGradients(g, 16));
    for (int i = 0; i < before.size(); i++) {
      assertArrayEquals(before.get(i), values(model).get(i), 0f);
    }
  }

  @Test
  void anEpochWithoutStepsIsAnError() {
    Trainer t = trainer(model());
    EpochSteps none = new EpochSteps() {
      @Override
      public int count(int epoch) {
        return 0;
      }

      @Override
      public void run(Trainer trainer, int epoch) {}
    };
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> t.fit(none, null, 1));
    assertEquals("epoch 1 took no steps; its EpochSteps must call Trainer.step,"
        + " Trainer.applyGradients or Trainer.countSteps", e.getMessage());
  }

  private static List<Node> allVariables(Model m) {
    List<Node> v = new ArrayList<>();
    m.parameters().forEach(p -> v.add(p.variable()));
    v.addAll(m.states());
    return v;
  }

  private static List<float[]> values(Model m) {
    return allVariables(m).stream().map(v -> m.session().value(v).toArray()).toList();
  }
}
