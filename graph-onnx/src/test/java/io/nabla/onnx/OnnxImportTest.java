package io.nabla.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.data.Dataset;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.Presets;
import io.nabla.nn.optim.Sgd;
import io.nabla.nn.train.Trainer;
import io.nabla.onnx.proto.OnnxProto.ModelProto;
import io.nabla.onnx.proto.OnnxProto.NodeProto;
import io.nabla.onnx.proto.OnnxProto.OperatorSetIdProto;
import io.nabla.onnx.proto.OnnxProto.TensorProto;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ONNX into Nabla: the presets exported and imported again give bit-identical outputs; LeNet-,
 * VGG-, ResNet-, DenseNet- and Inception-like nets exported by PyTorch's {@code
 * torch.onnx.export} ({@code torch_export.py}: batch norm, dropout, residual sums,
 * concatenations, adaptive pooling, and LeNet's {@code x.view(x.size(0), -1)}, a {@code Shape →
 * Gather → Unsqueeze → Concat} chain) compute PyTorch's logits within {@value #TORCH_TOLERANCE},
 * and the LeNet trains in Nabla; bad files are refused by name.
 */
class OnnxImportTest {
  static final double TORCH_TOLERANCE = 1e-4;

  static Stream<Arguments> presets() {
    return Stream.of(
        Arguments.of("lenet5", (Supplier<Model>) () -> Presets.lenet5(10).build(1)),
        Arguments.of("vggSmall", (Supplier<Model>) () -> Presets.vggSmall(1, 28, 10).build(2)),
        Arguments.of("resnetSmall",
            (Supplier<Model>) () -> Presets.resnetSmall(1, 28, 10).build(3)),
        Arguments.of("denseNetSmall",
            (Supplier<Model>) () -> Presets.denseNetSmall(1, 28, 10).build(4)),
        Arguments.of("inceptionSmall",
            (Supplier<Model>) () -> Presets.inceptionSmall(1, 28, 10).build(5)),
        Arguments.of("decoder", (Supplier<Model>) () -> io.nabla.nn.model.Cnn.input(1, 8, 8)
            .conv(4, 3, 1).relu().maxPool(2).convTranspose(3, 3, 2, 1)
            .add(io.nabla.nn.layer.Upsample.bilinear(1.5)).upsample(2).build(6)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("presets")
  void aRoundTripIsBitIdentical(String name, Supplier<Model> build) {
    Model model = build.get();
    OnnxRuntimeAgreementTest.perturb(model, new Random(name.hashCode()));
    Model back = OnnxImporter.importModel(OnnxExporter.standard().export(model));
    Map<String, Tensor> batch = OnnxRuntimeAgreementTest.randomInputs(model, 4, new Random(9));
    Tensor expected = model.predict(batch).get("output");
    Tensor actual = back.predict(batch).get("output");
    assertArrayEquals(expected.data(), actual.data(), name + ": Nabla → ONNX → Nabla");
    assertEquals(model.parameterCount(), back.parameterCount());
  }

  @Test
  void everyExportedActivationImportsBack() {
    for (String activation : new String[] {"gelu", "tanh", "sigmoid", "softplus", "elu",
        "leaky_relu", "relu"}) {
      Model model = io.nabla.nn.model.Mlp.inputs(3).hidden(8).activation(activation).classes(2)
          .build(11);
      Model back = OnnxImporter.importModel(OnnxExporter.standard().export(model));
      Map<String, Tensor> batch = OnnxRuntimeAgreementTest.randomInputs(model, 5, new Random(3));
      float[] expected = model.predict(batch).get("output").data();
      float[] actual = back.predict(batch).get("output").data();
      for (int k = 0; k < expected.length; k++) {
        assertEquals(expected[k], actual[k], 1e-5 * Math.max(1, Math.abs(expected[k])),
            activation + " element " + k);
      }
    }
  }

  /** Where torch_export.py wrote its nets, or null without torch. */
  private static Path torchExports;

  @BeforeAll
  static void exportFromTorch(@TempDir Path dir) throws Exception {
    String python = torchPython();
    if (python == null) {
      return;
    }
    Path script = dir.resolve("torch_export.py");
    try (InputStream in = OnnxImportTest.class.getResourceAsStream("torch_export.py")) {
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    Process p = new ProcessBuilder(python, script.toString(), dir.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "torch export timed out");
    assertEquals(0, p.exitValue(), () -> readQuietly(dir.resolve("log")));
    torchExports = dir;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"lenet", "vgg", "resnet", "dense", "inception"})
  void aPytorchExportComputesPytorchsLogits(String net) throws Exception {
    assumeTrue(torchExports != null, "needs python3 with torch: apt-get install python3-torch");
    Model model = OnnxImporter.read(torchExports.resolve(net + ".onnx"));
    Tensor logits = model.predict(torchInput(net));
    double d = OnnxRuntimeRunner.relativeDifference(logits, torchLogits(net));
    System.out.printf("pytorch %s imported: largest relative difference %.3g%n", net, d);
    assertTrue(d <= TORCH_TOLERANCE, "imported " + net + " differs from PyTorch by " + d);
  }

  /** Fine-tuning: the gradients come from Nabla's autodiff of the imported graph. */
  @Test
  void anImportedPytorchLenetTrains() throws Exception {
    assumeTrue(torchExports != null, "needs python3 with torch: apt-get install python3-torch");
    Model model = OnnxImporter.read(torchExports.resolve("lenet.onnx"));
    float[] labels = new float[5];
    for (int i = 0; i < 5; i++) {
      labels[i] = i % 10;
    }
    Dataset data = Dataset.builder().input("image", torchInput("lenet"))
        .labels("logits", Tensor.of(labels, 5)).build();
    Trainer trainer = Trainer.builder(model, new Sgd(0.05)).build();
    double first = trainer.fit(data, data, 1, 5).get(0).trainLoss();
    double last = trainer.fit(data, data, 10, 5).get(9).trainLoss();
    System.out.printf("fine-tuning the imported lenet: loss %.4f -> %.4f%n", first, last);
    assertTrue(last < first * 0.9, "loss " + first + " -> " + last);
  }

  private static Tensor torchInput(String net) throws Exception {
    return Tensor.of(Shape.of(5, 1, 28, 28), floats(torchExports.resolve(net + ".input.f32")));
  }

  private static Tensor torchLogits(String net) throws Exception {
    return Tensor.of(Shape.of(5, 10), floats(torchExports.resolve(net + ".logits.f32")));
  }

  @Test
  void aTruncatedFileIsRefusedByName(@TempDir Path dir) throws Exception {
    byte[] whole = OnnxExporter.standard().export(Presets.lenet5(10).build(1)).toByteArray();
    Path file = dir.resolve("cut.onnx");
    Files.write(file, Arrays.copyOf(whole, whole.length / 2));
    OnnxImportException e = assertThrows(OnnxImportException.class,
        () -> OnnxImporter.read(file));
    assertTrue(e.getMessage().startsWith("onnx import: " + file + " (" + whole.length / 2
        + " bytes) is not a valid ONNX protobuf ("), e.getMessage());
  }

  @Test
  void anOpsetOutOfRangeIsRefused() {
    ModelProto m = lenet().toBuilder().setOpsetImport(0,
        OperatorSetIdProto.newBuilder().setDomain("").setVersion(9)).build();
    assertEquals("onnx import: the model uses opset 9; supported are 11 to 17 (convert it with"
        + " onnx.version_converter.convert_version(model, 17))",
        assertThrows(OnnxImportException.class, () -> OnnxImporter.importModel(m)).getMessage());
  }

  @Test
  void anUnknownOpIsRefusedNamingTheNode() {
    ModelProto good = lenet();
    NodeProto first = good.getGraph().getNode(0);
    ModelProto m = good.toBuilder().setGraph(good.getGraph().toBuilder()
        .setNode(0, first.toBuilder().setOpType("Hardmax"))).build();
    assertEquals("onnx import: node '" + first.getName() + "' (Hardmax, output '"
        + first.getOutput(0) + "') has no Nabla equivalent; the supported ops are listed in"
        + " OnnxImporter's documentation",
        assertThrows(OnnxImportException.class, () -> OnnxImporter.importModel(m)).getMessage());
  }

  @Test
  void anInitializerThatDoesNotFitItsShapeIsRefused() {
    ModelProto good = lenet();
    TensorProto w = good.getGraph().getInitializer(0);
    ModelProto m = good.toBuilder().setGraph(good.getGraph().toBuilder()
        .setInitializer(0, w.toBuilder().setDims(0, w.getDims(0) + 1))).build();
    OnnxImportException e = assertThrows(OnnxImportException.class,
        () -> OnnxImporter.importModel(m));
    assertTrue(e.getMessage().startsWith("initializer '" + w.getName() + "': tensor '"
        + w.getName() + "' of shape [7, 1, 5, 5] needs 700 bytes but holds 600"),
        e.getMessage());
  }

  @Test
  void aNodeReadingAValueNothingComputesIsRefused() {
    ModelProto good = lenet();
    var graph = good.getGraph().toBuilder();
    NodeProto last = graph.getNode(graph.getNodeCount() - 1);
    graph.removeNode(graph.getNodeCount() - 1);
    graph.addNode(0, last); // now it reads a value computed after it: a cycle or disorder
    ModelProto m = good.toBuilder().setGraph(graph).build();
    OnnxImportException e = assertThrows(OnnxImportException.class,
        () -> OnnxImporter.importModel(m));
    assertTrue(e.getMessage().contains("which no earlier node computes and which is neither an"
        + " input nor an initializer; the graph has a cycle or is not in topological order"),
        e.getMessage());
  }

  private static ModelProto lenet() {
    return OnnxExporter.standard().export(Presets.lenet5(10).build(1));
  }

  private static float[] floats(Path file) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    float[] f = new float[b.remaining() / 4];
    b.asFloatBuffer().get(f);
    return f;
  }

  private static String torchPython() throws Exception {
    for (String candidate : new String[] {"python3", "/usr/bin/python3"}) {
      try {
        Process p = new ProcessBuilder(candidate, "-c", "import torch").redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return candidate;
        }
      } catch (java.io.IOException e) {
        // not installed: try the next
      }
    }
    return null;
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
