package io.nabla.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.model.Mlp;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.Parameter;
import io.nabla.nn.model.Presets;
import io.nabla.onnx.proto.OnnxProto.ModelProto;
import io.nabla.onnx.proto.OnnxProto.NodeProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every preset and the MLPs of the samples, exported and run in ONNX Runtime on batches of
 * several sizes (the batch dimension is symbolic): each output within {@value #TOLERANCE}
 * (relative to the output's largest magnitude) of Nabla's own inference. Parameters and running
 * statistics are perturbed first, so that biases, batch norm's shift and its statistics all
 * matter. ONNX's checker, with full shape inference, must accept each written file.
 */
class OnnxRuntimeAgreementTest {
  static final double TOLERANCE = 1e-5;

  static Stream<Arguments> models() {
    return Stream.of(
        Arguments.of("lenet5", (Supplier<Model>) () -> Presets.lenet5(10).build(1)),
        Arguments.of("vggSmall", (Supplier<Model>) () -> Presets.vggSmall(1, 28, 10).build(2)),
        Arguments.of("resnetSmall",
            (Supplier<Model>) () -> Presets.resnetSmall(1, 28, 10).build(3)),
        Arguments.of("denseNetSmall",
            (Supplier<Model>) () -> Presets.denseNetSmall(1, 28, 10).build(4)),
        Arguments.of("inceptionSmall",
            (Supplier<Model>) () -> Presets.inceptionSmall(1, 28, 10).build(5)),
        Arguments.of("mlp 784-256-128-10 dropout",
            (Supplier<Model>) () -> Mlp.inputs(784).hidden(256, 128).dropout(0.2).classes(10)
                .build(6)),
        Arguments.of("mlp tanh", mlp("tanh")), Arguments.of("mlp sigmoid", mlp("sigmoid")),
        Arguments.of("mlp gelu", mlp("gelu")), Arguments.of("mlp softplus", mlp("softplus")),
        Arguments.of("mlp elu", mlp("elu")), Arguments.of("mlp leaky_relu", mlp("leaky_relu")));
  }

  private static Supplier<Model> mlp(String activation) {
    return () -> Mlp.inputs(2).hidden(16, 8).activation(activation).classes(3).build(7);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void onnxRuntimeComputesWhatNablaDoes(String name, Supplier<Model> build, @TempDir Path dir)
      throws Exception {
    Model model = build.get();
    perturb(model, new Random(name.hashCode()));
    Path file = dir.resolve("model.onnx");
    OnnxExporter.standard().write(model, file);
    ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(file));

    double worst = 0;
    for (int batch : new int[] {1, 3}) {
      Map<String, Tensor> inputs = randomInputs(model, batch, new Random(batch));
      Map<String, Tensor> expected = model.predict(inputs);
      Map<String, Tensor> actual = OnnxRuntimeRunner.run(proto, inputs);
      assertEquals(expected.keySet(), actual.keySet(), "output names");
      for (String out : expected.keySet()) {
        assertArrayEquals(expected.get(out).shape().dims(), actual.get(out).shape().dims(),
            out + " shape");
        double d = OnnxRuntimeRunner.relativeDifference(actual.get(out), expected.get(out));
        assertTrue(d <= TOLERANCE, name + " output '" + out + "' batch " + batch
            + ": ONNX Runtime differs from Nabla by " + d + " relative");
        worst = Math.max(worst, d);
      }
    }
    System.out.printf("onnx runtime vs nabla %s: largest relative difference %.3g (%d nodes)%n",
        name, worst, proto.getGraph().getNodeCount());

    Optional<String> python = OnnxChecker.python();
    assumeTrue(python.isPresent(), "the ONNX checker needs python3 with onnx: "
        + OnnxChecker.INSTALL);
    Optional<String> complaint = OnnxChecker.check(file);
    assertTrue(complaint.isEmpty(), () -> "onnx.checker rejects " + name + ":\n"
        + complaint.get());
  }

  @Test
  void inferenceOnlyNodesAreLeftOut() {
    Model model = Presets.vggSmall(1, 28, 10).build(2);
    ModelProto proto = OnnxExporter.standard().export(model);
    Set<String> ops = proto.getGraph().getNodeList().stream().map(NodeProto::getOpType)
        .collect(Collectors.toSet());
    assertTrue(ops.containsAll(Set.of("Conv", "BatchNormalization", "Relu", "MaxPool",
        "Reshape", "MatMul", "Add")), ops.toString());
    assertTrue(ops.stream().noneMatch(o -> o.contains("Dropout") || o.equals("ConstantOfShape")),
        "dropout is the identity in inference: " + ops);
    assertEquals("batch", proto.getGraph().getInput(0).getType().getTensorType().getShape()
        .getDim(0).getDimParam());
    assertEquals(model.parameters().size() + model.states().size(),
        proto.getGraph().getInitializerList().stream()
            .filter(t -> model.graph().find(t.getName()).isPresent()).count(),
        "one initializer per parameter and running statistic, named as in Nabla");
  }

  /** Every parameter and state moved off its initial value (zero biases, unit variances). */
  static void perturb(Model model, Random random) {
    for (Parameter p : model.parameters()) {
      Tensor v = model.session().value(p.variable());
      float[] d = v.data();
      for (int k = 0; k < d.length; k++) {
        d[k] += (float) (0.1 * random.nextGaussian());
      }
      model.session().assign(p.variable(), v);
    }
    for (Node state : model.states()) {
      Tensor v = model.session().value(state);
      float[] d = v.data();
      boolean variance = state.name().endsWith("var");
      for (int k = 0; k < d.length; k++) {
        d[k] = variance ? 0.5f + random.nextFloat() : (float) (0.3 * random.nextGaussian());
      }
      model.session().assign(state, v);
    }
  }

  static Map<String, Tensor> randomInputs(Model model, int batch, Random random) {
    return model.inputs().keySet().stream().collect(Collectors.toMap(k -> k, k -> {
      int[] features = model.featureShape(k).dims();
      int[] dims = new int[features.length + 1];
      dims[0] = batch;
      System.arraycopy(features, 0, dims, 1, features.length);
      return Tensor.fromFunction(Shape.of(dims), i -> random.nextGaussian());
    }));
  }
}
