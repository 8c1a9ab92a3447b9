package io.nabla.nn.train;

import static io.nabla.ops.Ops.mean;
import static io.nabla.ops.Ops.sigmoidCrossEntropy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Scope;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.data.Dataset;
import io.nabla.nn.layer.Activation;
import io.nabla.nn.layer.Dense;
import io.nabla.nn.layer.Flatten;
import io.nabla.nn.layer.Conv;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.ModelBuilder;
import io.nabla.nn.model.Parameter;
import io.nabla.nn.optim.Adam;
import io.nabla.ops.Ops;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GeneralTrainingTest {

  private static Model mlp(int inputs, int outputs, long seed) {
    ModelBuilder net = new ModelBuilder(seed);
    Node x = net.input("x", inputs);
    Node h = net.apply(Activation.tanh(), net.apply(new Dense(32), x));
    h = net.apply(Activation.tanh(), net.apply(new Dense(32), h));
    return net.output("y", net.apply(new Dense(outputs), h)).build();
  }

  /** y = sin(x) + N(0, 0.05²) for x uniform in [-π, π]. */
  private static Dataset sine(int n, long seed) {
    Random r = new Random(seed);
    float[] x = new float[n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) ((r.nextDouble() * 2 - 1) * Math.PI);
      y[i] = (float) (Math.sin(x[i]) + 0.05 * r.nextGaussian());
    }
    return Dataset.builder().input("x", Tensor.of(x, n, 1)).target("y", Tensor.of(y, n))
        .build();
  }

  @Test
  void anMlpFitsASineWithMse() {
    Model m = mlp(1, 1, 7);
    Trainer t = Trainer.builder(m, new Adam(0.01)).loss(Loss.mse("y")).seed(3).build();
    List<EpochRecord> h = t.fit(sine(2000, 1), sine(500, 2), 40, 32);
    Evaluation e = t.evaluate(sine(500, 2));
    assertTrue(e.loss() < 0.02, "test MSE " + e.loss());
    assertTrue(Double.isNaN(e.accuracy()));
    assertEquals(e.loss(), h.get(h.size() - 1).testLoss(), 1e-9);
    assertTrue(e.metric("mae/y") < 0.15, e.toString());
  }

  /**
   * Two inputs — an 4×4 image with one bright quadrant (the class) and a scalar s — and two heads:
   * the class and the regression target s·2 + class/2.
   */
  private static Dataset twoHeaded(int n, long seed) {
    Random r = new Random(seed);
    float[] img = new float[n * 16];
    float[] s = new float[n];
    float[] cls = new float[n];
    float[] price = new float[n];
    for (int i = 0; i < n; i++) {
      int c = r.nextInt(4);
      for (int p = 0; p < 16; p++) {
        int row = p / 4;
        int col = p % 4;
        int quadrant = (row / 2) * 2 + col / 2;
        img[i * 16 + p] = (float) ((quadrant == c ? 1 : 0) + 0.2 * r.nextGaussian());
      }
      s[i] = (float) r.nextGaussian();
      cls[i] = c;
      price[i] = s[i] * 2 + c / 2f;
    }
    return Dataset.builder().input("image", Tensor.of(img, n, 1, 4, 4))
        .input("s", Tensor.of(s, n, 1)).labels("class", Tensor.of(cls, n))
        .target("price", Tensor.of(price, n, 1)).build();
  }

  private static Model twoHeads(long seed) {
    ModelBuilder net = new ModelBuilder(seed);
    Node image = net.input("image", 1, 4, 4);
    Node s = net.input("s", 1);
    Node h = net.apply(new Flatten(), net.apply(Activation.relu(),
        net.apply(new Conv(4, 2).stride(2), image)));
    Node both = net.concat(h, s);
    Node hidden = net.apply(Activation.relu(), net.apply(new Dense(16), both));
    return net.output("class", net.apply(new Dense(4), hidden))
        .output("price", net.apply(new Dense(1), hidden)).build();
  }

  @Test
  void twoInputsAndTwoHeadsTrainWithAWeightedLossAndReportPerOutputMetrics() {
    Model m = twoHeads(2);
    Loss loss = Loss.weighted().add("class", 1.0, Loss.crossEntropy("class"))
        .add("price", 0.5, Loss.mse("price"));
    Trainer t = Trainer.builder(m, new Adam(0.01)).loss(loss).seed(1).build();
    List<EpochRecord> h = t.fit(twoHeaded(1500, 1), twoHeaded(300, 2), 15, 32);
    EpochRecord last = h.get(h.size() - 1);
    assertTrue(last.testAccuracy() > 0.95, last.toString());
    assertTrue(last.metrics().get("test mae/price") < 0.3, last.toString());
    for (String k : List.of("accuracy/class", "mae/price", "loss/class", "loss/price",
        "test accuracy/class", "test loss/price")) {
      assertTrue(last.metrics().containsKey(k), k + " in " + last);
    }
    assertEquals(last.testLoss(), last.metrics().get("test loss/class")
        + 0.5 * last.metrics().get("test loss/price"), 1e-4);
    Evaluation e = t.evaluate(twoHeaded(300, 2));
    assertEquals(4, e.confusion().length);
  }

  @Test
  void aDatasetMissingANamedInputIsRefusedNamingIt() {
    Model m = twoHeads(2);
    Trainer t = Trainer.builder(m, new Adam(0.01)).loss(Loss.crossEntropy("class")).build();
    Dataset noS = Dataset.builder().input("image", Tensor.zeros(3, 1, 4, 4))
        .labels("class", Tensor.zeros(3)).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> t.fit(noS, null, 1, 2));
    assertEquals("the training set has no input 's' for the model; it holds inputs image and the"
        + " model takes image, s. Name the dataset's inputs as the model's:"
        + " Dataset.builder().input(\"s\", …)", e.getMessage());
  }

  @Test
  void aTargetWhoseShapeCannotMatchItsOutputIsRefused() {
    Model m = twoHeads(2);
    Trainer t = Trainer.builder(m, new Adam(0.01)).loss(Loss.mse("price")).build();
    Dataset wide = Dataset.builder().input("image", Tensor.zeros(3, 1, 4, 4))
        .input("s", Tensor.zeros(3, 1)).target("price", Tensor.zeros(3, 3)).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> t.fit(wide, null, 1, 2));
    assertEquals("the training set's target 'price' holds examples of f32[3] but output"
        + " 'price' f32[?,1] gives f32[1] per example; the loss compares them element by"
        + " element, so their shapes must match", e.getMessage());
  }

  @Test
  void aLabelOutOfRangeNamesTheModelsClasses() {
    Model m = twoHeads(2);
    Trainer t = Trainer.builder(m, new Adam(0.01)).loss(Loss.crossEntropy("class")).build();
    Dataset bad = Dataset.builder().input("image", Tensor.zeros(2, 1, 4, 4))
        .input("s", Tensor.zeros(2, 1)).labels("class", Tensor.vector(1, 9)).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> t.fit(bad, null, 1, 2));
    assertTrue(e.getMessage().startsWith("the training set has labels up to 9 but the model's"
        + " output '"), e.getMessage());
    assertTrue(e.getMessage().endsWith("f32[?,4] scores 4 classes (0..3); build the model with"
        + " 10 classes"), e.getMessage());
  }

  @Test
  void aCustomLossIsALambdaOverNodes() {
    Model m = mlp(1, 1, 7);
    Loss cubed = ctx -> {
      Node out = ctx.output(null);
      Node d = Ops.sub(out, ctx.target(null, out));
      return mean(Ops.mul(Ops.square(d), Ops.abs(d)));
    };
    Trainer t = Trainer.builder(m, new Adam(0.01)).loss(cubed).seed(3).build();
    double first = t.evaluate(sine(300, 1)).loss();
    t.fit(sine(1000, 1), null, 5, 32);
    assertTrue(t.evaluate(sine(300, 1)).loss() < first / 4);
  }

  @Test
  void labelSmoothingMatchesItsDefinition() {
    ModelBuilder net = new ModelBuilder(1);
    Node x = net.input("x", 2);
    Model m = net.output("scores", net.apply(new Dense(3), x)).build();
    Dataset d = new Dataset(Tensor.of(new float[] {1, 2, -1, 0.5f}, 2, 2), Tensor.vector(2, 0));
    double plain = Trainer.builder(m, new Adam(0.01)).build().evaluate(d).loss();
    double smooth = Trainer.builder(m, new Adam(0.01))
        .loss(Loss.crossEntropy().labelSmoothing(0.1)).build().evaluate(d).loss();
    Tensor s = m.predict(d.features());
    double uniform = 0;
    for (int i = 0; i < 2; i++) {
      double max = Math.max(s.get(i * 3 + 0), Math.max(s.get(i * 3 + 1), s.get(i * 3 + 2)));
      double lse = max + Math.log(Math.exp(s.get(i * 3 + 0) - max) + Math.exp(s.get(i * 3 + 1) - max)
          + Math.exp(s.get(i * 3 + 2) - max));
      for (int c = 0; c < 3; c++) {
        uniform += (lse - s.get(i * 3 + c)) / 3 / 2;
      }
    }
    assertEquals(0.9 * plain + 0.1 * uniform, smooth, 1e-5);
  }

  @Test
  void aGanStyleLoopTrainsTwoParameterSetsWithTwoSteps() {
    // the generator maps noise to g(z) = a·z + b; the real data is N(3, 0.5²)
    ModelBuilder net = new ModelBuilder(4);
    Node z = net.input("z", 1);
    Node real = net.input("real", 1);
    Node fake = net.apply("generator", new Dense(1), z);
    Dense d1 = new Dense(16);
    Dense d2 = new Dense(1);
    Node dReal = net.apply(d2, net.apply(Activation.tanh(), net.apply(d1, real)));
    Node dFake = net.apply(d2, net.apply(Activation.tanh(), net.apply(d1, fake)));
    Model m = net.output("fake", fake).output("dReal", dReal).output("dFake", dFake).build();
    List<Parameter> gen = m.parameters().stream()
        .filter(p -> p.name().startsWith("generator/")).toList();
    List<Parameter> disc = m.parameters().stream()
        .filter(p -> !p.name().startsWith("generator/")).toList();
    assertEquals(2, gen.size());
    assertEquals(4, disc.size());
    Graph g = m.graph().extend("gan");
    Node dLoss;
    Node gLoss;
    try (Scope open = g.open()) {
      dLoss = Ops.add(sigmoidCrossEntropy(dReal, Ops.onesLike(dReal)),
          sigmoidCrossEntropy(dFake, Ops.zerosLike(dFake)));
      gLoss = sigmoidCrossEntropy(dFake, Ops.onesLike(dFake));
    }
    TrainStep dStep = TrainStep.of(m, dLoss, disc, new Adam(0.01));
    TrainStep gStep = TrainStep.of(m, gLoss, gen, new Adam(0.01));
    Random r = new Random(1);
    float[] genBefore = m.session().state(gen.get(0).variable()).toArray();
    for (int i = 0; i < 1500; i++) {
      Map<Node, Tensor> feeds = new HashMap<>();
      feeds.put(z, Tensor.fromFunction(Shape.of(64, 1), k -> r.nextGaussian()));
      feeds.put(real, Tensor.fromFunction(Shape.of(64, 1), k -> 3 + 0.5 * r.nextGaussian()));
      float[] genWeights = m.session().state(gen.get(0).variable()).toArray();
      dStep.run(feeds);
      // the discriminator's step leaves the generator alone
      assertArrayEquals(genWeights, m.session().state(gen.get(0).variable()).toArray());
      gStep.run(feeds);
    }
    assertEquals(1500, dStep.steps());
    Tensor samples = m.predict(Map.of("z", Tensor.fromFunction(Shape.of(2000, 1),
        k -> r.nextGaussian()), "real", Tensor.zeros(2000, 1))).get("fake");
    double sum = 0;
    for (float v : samples.data()) {
      sum += v;
    }
    double meanFake = sum / 2000;
    assertTrue(Math.abs(meanFake - 3) < 0.5, "generated mean " + meanFake + ", started from "
        + genBefore[0]);
  }
}
