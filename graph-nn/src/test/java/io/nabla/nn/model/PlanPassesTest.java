package io.nabla.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.exec.Plan;
import io.nabla.core.exec.Results;
import io.nabla.core.exec.RunOptions;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.NodeKind;
import io.nabla.core.pass.Pipeline;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.optim.Sgd;
import io.nabla.nn.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A model's plans are optimized by default, and give the bits the graph as built gives. */
class PlanPassesTest {

  private static long operations(Plan plan) {
    return plan.order().stream().filter(n -> n.kind() == NodeKind.OPERATION).count();
  }

  private static long count(Plan plan, String type) {
    return plan.order().stream().filter(n -> n.op().type().equals(type)).count();
  }

  /** Loss, output and every gradient of one training step, with and without the passes. */
  private static long[] assertSameStep(Model model, int batch, long seed) {
    Trainer trainer = Trainer.builder(model, new Sgd(0.1)).build();
    List<Node> fetches = new ArrayList<>(trainer.gradients());
    fetches.add(trainer.lossNode());
    fetches.add(model.output());
    List<Node> fed = trainer.graph().placeholders();   // the input, and the trainer's labels
    Plan asBuilt = model.session().compile(fetches, fed, Pipeline.none());
    Plan optimized = model.session().compile(fetches, fed);
    Random r = new Random(seed);
    Map<Node, Tensor> feeds = Map.of(fed.get(0), Tensor.fromFunction(
            Shape.of(batch, 1, 28, 28), i -> r.nextFloat()),
        fed.get(1), Tensor.fromFunction(Shape.of(batch), i -> r.nextInt(10)));
    RunOptions training = RunOptions.forTraining().withSeed(seed);
    Results a = asBuilt.run(feeds, training);
    Results b = optimized.run(feeds, training);
    for (Node f : fetches) {
      assertEquals(a.get(f), b.get(f), f.name());
    }
    return new long[] {operations(asBuilt), operations(optimized)};
  }

  @Test
  void aLeNetTrainingStepIsBitIdenticalInFewerSteps() {
    Model lenet = Presets.lenet5(10).build(3);
    // identities naming gradients, the seed and its product, four ReLUs, three biases and the
    // two ReLU gradients after pooling go
    assertEquals(List.of(54L, 33L), asList(assertSameStep(lenet, 16, 5)));
    Plan plan = lenet.session().compile(List.of(lenet.output()), List.of(lenet.input()));
    assertEquals(2, count(plan, "conv2d_relu"));
    assertEquals(2, count(plan, "matmul_bias_relu"));
    assertEquals(1, count(plan, "matmul_bias"));
    assertEquals(0, count(plan, "relu") + count(plan, "add") + count(plan, "conv2d"));
  }

  @Test
  void batchNormAndDropoutKeepTheirRunDependentStepsAndTheirDraws() {
    Model net = Cnn.input(1, 28, 28).conv(4, 3, 1).batchNorm().relu().maxPool(2).flatten()
        .dropout(0.5).dense(10).build(4);
    long[] steps = assertSameStep(net, 8, 9);
    assertTrue(steps[1] < steps[0], steps[0] + " → " + steps[1]);
    Plan plan = net.session().compile(List.of(net.output()), List.of(net.input()));
    assertEquals(1, count(plan, "dropout_mask"));
  }

  @Test
  void passesCanBeTurnedOffForAModel() {
    Model lenet = Presets.lenet5(10).build(3);
    lenet.session().setPipeline(Pipeline.none());
    Plan plan = lenet.session().compile(List.of(lenet.output()), List.of(lenet.input()));
    assertEquals(4, count(plan, "relu"));
    assertEquals(0, count(plan, "conv2d_relu"));
    assertTrue(plan.order().contains(lenet.output()));
  }

  private static List<Long> asList(long[] a) {
    return List.of(a[0], a[1]);
  }
}
