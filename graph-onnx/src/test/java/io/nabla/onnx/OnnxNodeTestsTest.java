package io.nabla.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nabla.core.tensor.Tensor;
import io.nabla.onnx.proto.OnnxProto.ModelProto;
import io.nabla.onnx.proto.OnnxProto.NodeProto;
import io.nabla.onnx.proto.OnnxProto.TensorProto;
import io.nabla.onnx.proto.OnnxProto.ValueInfoProto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * ONNX's own node tests (Debian's {@code libonnx-testdata}): every case made of one node of an
 * op the importer supports is imported and run in Nabla, and each output compared with the
 * expected one as ONNX's backend test runner does ({@code |a − b| ≤ 1e-7 + 1e-3·|b|}). A case may be refused at import (an attribute
 * value or input form Nabla lacks: the importer says so) or, once imported, refused by Nabla
 * while running (saying so); a case that runs must compute the right numbers, always. Cases are
 * imported with {@link OnnxImporter#importGraph} (inputs of any rank, declared shapes); the first
 * output is compared. The number of passing cases per op must not fall below {@code
 * node-test-passes.txt}, which records what passes today.
 */
class OnnxNodeTestsTest {
  static final Path NODE_TESTS = Path.of("/usr/share/libonnx-testdata/data/node");
  /** The tolerances of ONNX's own backend test runner. */
  static final double RTOL = 1e-3;
  static final double ATOL = 1e-7;

  @Test
  void supportedOpsPassOnnxsNodeTests() throws IOException {
    assumeTrue(Files.isDirectory(NODE_TESTS),
        "ONNX's node tests need: apt-get install libonnx-testdata");
    Map<String, Integer> passed = new TreeMap<>();
    Map<String, Integer> cases = new TreeMap<>();
    List<String> wrong = new ArrayList<>();
    List<String> refusedAtRun = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(NODE_TESTS)) {
      for (Path dir : dirs.sorted().toList()) {
        Path file = dir.resolve("model.onnx");
        Path data = dir.resolve("test_data_set_0");
        if (!Files.exists(file) || !Files.isDirectory(data)) {
          continue;
        }
        ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(file));
        List<NodeProto> nodes = proto.getGraph().getNodeList();
        if (nodes.size() != 1 || !NodeImporter.SUPPORTED.contains(nodes.get(0).getOpType())) {
          continue;
        }
        String op = nodes.get(0).getOpType();
        cases.merge(op, 1, Integer::sum);
        OnnxGraph model;
        Map<String, Tensor> inputs;
        try {
          model = OnnxImporter.importGraph(proto);
          inputs = inputs(proto, data);
        } catch (OnnxImportException | IllegalArgumentException | IllegalStateException e) {
          refused.add(dir.getFileName() + ": " + e.getMessage()); // refused, saying why
          continue;
        }
        Tensor expected = ImportTensors.floats(TensorProto.parseFrom(
            Files.readAllBytes(data.resolve("output_0.pb"))), "expected output");
        Tensor actual;
        try {
          Map<io.nabla.core.graph.Node, Tensor> feeds = new LinkedHashMap<>();
          inputs.forEach((name, t) -> feeds.put(model.inputs().get(name), t));
          io.nabla.core.graph.Node first = model.outputs().values().iterator().next();
          actual = model.session().run(feeds, io.nabla.core.exec.RunOptions.forInference(),
              first).get(first);
        } catch (RuntimeException e) {
          // refused while running, saying why
          refusedAtRun.add(dir.getFileName() + ": " + e.getMessage());
          continue;
        }
        String mismatch = compare(actual, expected);
        if (mismatch == null) {
          passed.merge(op, 1, Integer::sum);
        } else {
          wrong.add(dir.getFileName() + ": " + mismatch);
        }
      }
    }
    StringBuilder table = new StringBuilder();
    cases.forEach((op, n) -> table.append(op).append(' ').append(passed.getOrDefault(op, 0))
        .append('/').append(n).append('\n'));
    System.out.print("onnx node tests passed per op:\n" + table);
    System.out.println(refused.size() + " cases refused at import:\n"
        + String.join("\n", refused));
    System.out.println(refusedAtRun.size() + " cases imported but refused while running:\n"
        + String.join("\n", refusedAtRun));
    assertTrue(wrong.isEmpty(), "imported node tests computing wrong values:\n"
        + String.join("\n", wrong));
    Map<String, Integer> recorded = recorded();
    List<String> regressed = new ArrayList<>();
    recorded.forEach((op, n) -> {
      if (passed.getOrDefault(op, 0) < n) {
        regressed.add(op + ": " + passed.getOrDefault(op, 0) + " pass, " + n + " recorded");
      }
    });
    assertTrue(regressed.isEmpty(), "node tests regressed:\n" + String.join("\n", regressed));
  }

  private static Map<String, Tensor> inputs(ModelProto proto, Path data) throws IOException {
    Set<String> initializers = proto.getGraph().getInitializerList().stream()
        .map(TensorProto::getName).collect(Collectors.toSet());
    Map<String, Tensor> inputs = new LinkedHashMap<>();
    int k = 0;
    for (ValueInfoProto in : proto.getGraph().getInputList()) {
      if (initializers.contains(in.getName())) {
        continue;
      }
      TensorProto t = TensorProto.parseFrom(Files.readAllBytes(data.resolve("input_" + k++
          + ".pb")));
      if (!ImportTensors.isFloat(t)) {
        throw new OnnxImportException("input " + in.getName() + " is not float32");
      }
      inputs.put(in.getName(), ImportTensors.floats(t, "input"));
    }
    return inputs;
  }

  private static String compare(Tensor actual, Tensor expected) {
    if (!java.util.Arrays.equals(actual.shape().dims(), expected.shape().dims())) {
      return "shape " + actual.shape().describe() + ", expected " + expected.shape().describe();
    }
    for (int i = 0; i < expected.size(); i++) {
      float a = actual.get(i);
      float b = expected.get(i);
      if (!(Math.abs(a - b) <= ATOL + RTOL * Math.abs(b)) && !(Float.isNaN(a) && Float.isNaN(b))
          && a != b) {
        return "element " + i + " is " + a + ", expected " + b;
      }
    }
    return null;
  }

  private static Map<String, Integer> recorded() throws IOException {
    Map<String, Integer> m = new TreeMap<>();
    try (InputStream in = OnnxNodeTestsTest.class.getResourceAsStream("node-test-passes.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length == 2 && !line.startsWith("#")) {
          m.put(parts[0], Integer.parseInt(parts[1]));
        }
      }
    }
    return m;
  }
}
