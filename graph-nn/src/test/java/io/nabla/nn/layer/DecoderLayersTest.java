package io.nabla.nn.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.testing.GradientCheck;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.data.Dataset;
import io.nabla.nn.data.Generated;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.Parameter;
import io.nabla.nn.model.Sequential;
import io.nabla.nn.optim.Adam;
import io.nabla.nn.train.EpochRecord;
import io.nabla.nn.train.Loss;
import io.nabla.nn.train.Trainer;
import io.nabla.ops.Ops;
import io.nabla.ops.nn.Upsampling;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** ConvTranspose and Upsample as layers of a Sequential model: shapes, errors, gradients, training. */
class DecoderLayersTest {

  /** A tiny convolutional auto-encoder 1×8×8 → 4×4×4 → 2×8×8 → 2×16×16 → 1×16×16. */
  private static Model tiny(long seed) {
    return Sequential.input(1, 8, 8)
        .add(new Conv(4, 3).stride(2).padding(1)).add(Activation.tanh())
        .add(new ConvTranspose(2, 3).stride(2).padding(1).outputPadding(1))
        .add(Activation.tanh())
        .add(Upsample.bilinear(2))
        .add(new ConvTranspose(1, 3).padding(1))
        .build(seed);
  }

  @Test
  void layersChainInASequentialModelWithPytorchsShapes() {
    Model m = tiny(1);
    assertEquals(Shape.of(-1, 1, 16, 16), m.output().shape());
    assertEquals(List.of("conv1/weight", "conv1/bias", "conv_transpose1/weight",
        "conv_transpose1/bias", "conv_transpose2/weight", "conv_transpose2/bias"),
        m.parameters().stream().map(Parameter::name).toList());
    // weight [in channels, out channels, k, k], as ConvTranspose2d stores it
    assertEquals(Shape.of(4, 2, 3, 3), m.parameters().get(2).variable().shape());
    assertEquals(Shape.of(2), m.parameters().get(3).variable().shape());
    String summary = m.summary();
    assertTrue(summary.contains("conv_transpose1 (conv_transpose)"), summary);
    assertTrue(summary.contains("upsample1 (upsample)"), summary);
    Tensor y = m.predict(Tensor.fromFunction(Shape.of(3, 1, 8, 8), i -> (i % 5) / 5.0));
    assertEquals(Shape.of(3, 1, 16, 16), y.shape());
  }

  @Test
  void nearestUpsamplingAndGroupsAndNoBias() {
    Model m = Sequential.input(4, 3, 3)
        .add(new Upsample(new Upsampling(Upsampling.Mode.NEAREST, 2, 3)))
        .add(new ConvTranspose(6, 2).stride(2).groups(2).withoutBias())
        .build(2);
    assertEquals(Shape.of(-1, 6, 12, 18), m.output().shape());
    assertEquals(1, m.parameters().size());
    assertEquals(Shape.of(4, 3, 2, 2), m.parameters().get(0).variable().shape());
  }

  @Test
  void badAttributesAreRefusedWithTheLayerNamed() {
    IllegalArgumentException outputPadding = assertThrows(IllegalArgumentException.class,
        () -> Sequential.input(2, 4, 4).add(new ConvTranspose(2, 3).stride(2).outputPadding(2))
            .build(1));
    assertTrue(outputPadding.getMessage().startsWith("conv2d_transpose: output padding 2 of the"
        + " rows must be at least 0 and smaller than the stride 2 or the dilation 1"),
        outputPadding.getMessage());
    assertEquals("upsample2d: scale factors must be finite and above 0, not -2.0x-2.0; 2 doubles"
        + " the height and width, 0.5 halves them",
        assertThrows(IllegalArgumentException.class, () -> new Upsample(-2)).getMessage());
    ShapeException flat = assertThrows(ShapeException.class,
        () -> Sequential.input(16).add(new ConvTranspose(2, 3)).build(1));
    assertTrue(flat.getMessage().startsWith("layer 1 'conv_transpose1' (conv_transpose) does"
        + " not fit its input f32[?,16]: a transposed conv layer takes [N,C,H,W] with known"
        + " channels"), flat.getMessage());
    ShapeException groups = assertThrows(ShapeException.class,
        () -> Sequential.input(4, 3, 3).add(new ConvTranspose(3, 3).groups(2)).build(1));
    assertTrue(groups.getMessage().contains("3 output channels cannot be split into 2 groups"),
        groups.getMessage());
  }

  @Test
  void reconstructionLossGradientsOfEveryParameterMatchFiniteDifferences() {
    Model m = tiny(3);
    Random r = new Random(4);
    Tensor x = Tensor.fromFunction(Shape.of(2, 1, 8, 8), i -> r.nextGaussian());
    Node target = m.graph().constant("target",
        Tensor.fromFunction(Shape.of(2, 1, 16, 16), i -> r.nextGaussian()));
    Node loss = Ops.mean(Ops.square(Ops.sub(m.output(), target)));
    GradientCheck check = GradientCheck.of(loss).feed(m.input(), x).seed(5);
    for (Parameter p : m.parameters()) {
      check.wrt(p.variable(), m.session().value(p.variable()));
    }
    check.run().assertPassed();
  }

  @Test
  void aConvolutionalAutoEncoderLearnsToRebuildImages() {
    Dataset images = Generated.images(256, 6);
    Model m = Sequential.input(1, 28, 28)
        .add(new Conv(8, 3).stride(2).padding(1)).add(Activation.relu())      // 8×14×14
        .add(new Conv(8, 3).stride(2).padding(1)).add(Activation.relu())      // 8×7×7
        .add(new ConvTranspose(8, 3).stride(2).padding(1).outputPadding(1))  // 8×14×14
        .add(Activation.relu())
        .add(new Upsample(2))                                                // 8×28×28
        .add(new Conv(1, 3).padding(1)).add(Activation.sigmoid())
        .build(7);
    Trainer trainer = Trainer.builder(m, new Adam(0.01)).loss(Loss.reconstruction()).seed(8)
        .build();
    List<EpochRecord> history = trainer.fit(images, images, 6, 32);
    double first = history.get(0).trainLoss();
    double last = history.get(history.size() - 1).testLoss();
    assertTrue(last < 0.5 * first, "reconstruction error fell only from " + first + " to "
        + last);
  }
}
