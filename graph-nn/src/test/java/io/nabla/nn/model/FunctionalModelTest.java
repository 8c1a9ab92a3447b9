package io.nabla.nn.model;

import static io.nabla.ops.Ops.mean;
import static io.nabla.ops.Ops.square;
import static io.nabla.ops.Ops.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.testing.GradientCheck;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.layer.Activation;
import io.nabla.nn.layer.Conv;
import io.nabla.nn.layer.Dense;
import io.nabla.nn.layer.Flatten;
import io.nabla.nn.layer.Inception;
import io.nabla.nn.layer.Merge;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FunctionalModelTest {

  @Test
  void sameLayerObjectSharesItsParametersAndANewObjectDoesNot() {
    ModelBuilder net = new ModelBuilder(1);
    Node a = net.input("a", 3);
    Node b = net.input("b", 3);
    Dense shared = new Dense(4);
    Node ea = net.apply(shared, a);
    Node eb = net.apply(shared, b);
    Node other = net.apply(new Dense(4), b);
    net.output("distance", net.apply(new Dense(1), net.apply(Merge.add(), ea, eb, other)));
    Model m = net.build();
    // dense1 shared (3·4+4), dense2 (3·4+4), dense3 (4+1)
    assertEquals(16 + 16 + 5, m.parameterCount());
    assertEquals(6, m.parameters().size());
    assertEquals("dense1_2", m.layers().get(1).name());
    assertEquals(0, m.layers().get(1).parameters());
    // the siamese branches agree on equal inputs, since they are one set of weights
    Tensor x = Tensor.of(new float[] {1, 2, 3}, 1, 3);
    var r = m.session().run(Map.of(a, x, b, x), ea, eb);
    assertTrue(r.get(ea).allClose(r.get(eb), 0f));
    String summary = m.summary();
    assertTrue(summary.contains("Connected to"), summary);
    assertTrue(summary.contains("dense1_2 (dense)"), summary);
    assertTrue(summary.matches("(?s).*add1 \\(add\\)\\s+\\[\\?,4\\]\\s+0\\s+dense1, dense1_2,"
        + " dense2.*"), summary);
  }

  @Test
  void aSharedLayerOnAnInputOfAnotherShapeIsRefusedNamingBoth() {
    ModelBuilder net = new ModelBuilder(1);
    Dense shared = new Dense(4);
    net.apply(shared, net.input("a", 3));
    ShapeException e = assertThrows(ShapeException.class,
        () -> net.apply(shared, net.input("b", 5)));
    assertTrue(e.getMessage().contains("layer scope 'dense1_2' shares the weights of 'dense1',"
        + " but its input needs 'weight' of f32[5,4] where the shared one is f32[3,4]"),
        e.getMessage());
  }

  @Test
  void gradientsPassThroughBranchesSharedLayersAndTwoOutputs() {
    ModelBuilder net = new ModelBuilder(3);
    Node image = net.input("image", 1, 6, 6);
    Node extra = net.input("extra", 2);
    Node h = net.apply(new Inception(2, 2, 2, 1, 2, 2), image);
    h = net.apply(new Flatten(), h);
    Dense feature = new Dense(2);
    Node left = net.apply(feature, extra);
    Node right = net.apply(feature, net.apply(Activation.tanh(), extra));
    Node both = net.concat(h, left, right);
    Node cls = net.apply(new Dense(3), both);
    Node reg = net.apply(new Dense(1), both);
    Model m = net.output("class", cls).output("value", reg).build();
    // batch norm in training mode makes the loss depend on the whole batch; check in inference
    Node loss = io.nabla.ops.Ops.add(sum(square(cls)), mean(square(reg)));
    Random r = new Random(5);
    GradientCheck check = GradientCheck.of(loss)
        .feed(image, Tensor.fromFunction(Shape.of(2, 1, 6, 6), i -> r.nextGaussian()))
        .feed(extra, Tensor.fromFunction(Shape.of(2, 2), i -> r.nextGaussian()));
    for (Parameter p : m.parameters()) {
      if (!p.name().contains("inception1/conv")) {
        check.wrt(p.variable(), m.session().state(p.variable()));
      }
    }
    check.wrt(m.graph().node("inception1/conv2/weight"),
        m.session().state(m.graph().node("inception1/conv2/weight")));
    check.run().assertPassed();
  }

  @Test
  void anInceptionBlockConcatenatesItsFourBranchesOnChannels() {
    Model m = Presets.inceptionSmall(1, 28, 10).build(1);
    assertEquals(Shape.of(2, 10), m.predict(Tensor.zeros(2, 1, 28, 28)).shape());
    Inception block = new Inception(64, 96, 128, 16, 32, 32);
    assertEquals(256, block.channels());
    ModelBuilder net = new ModelBuilder(1);
    Node out = net.apply(block, net.input("x", 3, 8, 8));
    assertEquals(Shape.of(-1, 256, 8, 8), out.shape());
  }

  @Test
  void aLayerAppliedToANodeOfAnotherGraphIsRefused() {
    ModelBuilder first = new ModelBuilder(1);
    Node foreign = first.input("x", 3);
    ModelBuilder second = new ModelBuilder(1);
    second.input("y", 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> second.apply(new Dense(2), foreign));
    assertEquals("layer (dense) is applied to node 'x', which belongs to another graph (another"
        + " model or builder); apply layers only to this builder's inputs and to the outputs of"
        + " layers applied with it", e.getMessage());
  }

  @Test
  void anOutputThatDependsOnNoInputIsRefused() {
    ModelBuilder net = new ModelBuilder(1);
    Node x = net.input("x", 3);
    net.output("y", net.apply(new Dense(2), x));
    net.output("bias", net.graph().variable("constant", Tensor.zeros(1, 2)));
    IllegalStateException e = assertThrows(IllegalStateException.class, net::build);
    assertEquals("output 'bias' (node 'constant') does not depend on any input (x); it would be"
        + " the same for every example — build it from an input", e.getMessage());
  }

  @Test
  void anUnusedInputIsRefused() {
    ModelBuilder net = new ModelBuilder(1);
    Node x = net.input("x", 3);
    net.input("z", 3);
    net.output("y", net.apply(new Dense(2), x));
    IllegalStateException e = assertThrows(IllegalStateException.class, net::build);
    assertEquals("input 'z' is used by no output (y); remove it or build an output from it",
        e.getMessage());
  }

  @Test
  void namedInputsAndOutputsPredictTogether() {
    ModelBuilder net = new ModelBuilder(2);
    Node img = net.input("image", 1, 4, 4);
    Node s = net.input("size", 1);
    Node h = net.apply(new Flatten(), net.apply(new Conv(2, 3), img));
    Node both = net.concat(h, s);
    Model m = net.output("class", net.apply(new Dense(3), both))
        .output("price", net.apply(new Dense(1), both)).build();
    Map<String, Tensor> out = m.predict(Map.of("image", Tensor.zeros(5, 1, 4, 4), "size",
        Tensor.zeros(5, 1)));
    assertEquals(Shape.of(5, 3), out.get("class").shape());
    assertEquals(Shape.of(5, 1), out.get("price").shape());
    assertEquals("the model has 2 outputs (class, price); name the one you mean:"
        + " output(\"class\")", assertThrows(IllegalStateException.class, m::output)
            .getMessage());
    assertEquals("input 'size' is missing; the model takes image, size and was given image",
        assertThrows(IllegalArgumentException.class,
            () -> m.predict(Map.of("image", Tensor.zeros(5, 1, 4, 4)))).getMessage());
    assertEquals("input 'size' holds 4 examples but the inputs before it hold 5; every input"
        + " needs the same examples", assertThrows(IllegalArgumentException.class,
            () -> m.predict(Map.of("image", Tensor.zeros(5, 1, 4, 4), "size",
                Tensor.zeros(4, 1)))).getMessage());
  }

  private static Model siameseTwoHeads(long seed, int width) {
    ModelBuilder net = new ModelBuilder(seed);
    Node a = net.input("a", 3);
    Node b = net.input("b", 3);
    Dense shared = new Dense(width);
    Node both = net.concat(net.apply(shared, a), net.apply(shared, b));
    return net.output("same", net.apply(new Dense(2), both))
        .output("distance", net.apply(new Dense(1), both)).build();
  }

  @Test
  void checkpointsKeepSharedLayersSeveralOutputsAndFrozenParameters(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    Model m = siameseTwoHeads(1, 4).freeze("dense1");
    java.nio.file.Path file = dir.resolve("siamese.safetensors");
    io.nabla.nn.io.Checkpoint.save(file, m, null, Map.of());
    Model again = siameseTwoHeads(2, 4);
    io.nabla.nn.io.Checkpoint.load(file, again, null);
    Map<String, Tensor> in = Map.of("a", Tensor.of(new float[] {1, 2, 3}, 1, 3), "b",
        Tensor.of(new float[] {-1, 0, 2}, 1, 3));
    Map<String, Tensor> want = m.predict(in);
    Map<String, Tensor> got = again.predict(in);
    assertTrue(want.get("same").allClose(got.get("same"), 0f));
    assertTrue(want.get("distance").allClose(got.get("distance"), 0f));
    io.nabla.nn.io.CheckpointFormatException e = assertThrows(
        io.nabla.nn.io.CheckpointFormatException.class,
        () -> io.nabla.nn.io.Checkpoint.load(file, siameseTwoHeads(1, 5), null));
    assertTrue(e.getMessage().contains("'dense1/weight' is f32[3,4] in the file but f32[3,5] in"
        + " the model"), e.getMessage());
  }

  @Test
  void decoderLayersWorkInTheBuildersAndTheFunctionalApi() {
    Model chain = Cnn.input(1, 8, 8).conv(4, 3, 1).relu().maxPool(2)
        .convTranspose(2, 2, 2, 0).upsample(2).build(1);
    assertEquals(Shape.of(3, 2, 16, 16), chain.predict(Tensor.zeros(3, 1, 8, 8)).shape());
    ModelBuilder net = new ModelBuilder(1);
    Node code = net.input("code", 4, 2, 2);
    Node up = net.apply(new io.nabla.nn.layer.ConvTranspose(3, 3).stride(2).padding(1)
        .outputPadding(1), code);
    Node both = net.concat(up, net.apply(new io.nabla.nn.layer.Upsample(2), code));
    Model m = net.output("image", both).build();
    assertEquals(Shape.of(1, 7, 4, 4), m.predict(Tensor.zeros(1, 4, 2, 2)).shape());
  }
}
