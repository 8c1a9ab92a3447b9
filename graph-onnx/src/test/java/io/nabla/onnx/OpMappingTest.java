package io.nabla.onnx;

import static io.nabla.ops.NnOps.avgPool2d;
import static io.nabla.ops.NnOps.batchNorm;
import static io.nabla.ops.NnOps.concat;
import static io.nabla.ops.NnOps.conv2d;
import static io.nabla.ops.NnOps.conv2dTranspose;
import static io.nabla.ops.NnOps.crop;
import static io.nabla.ops.NnOps.dropout;
import static io.nabla.ops.NnOps.maxPool2d;
import static io.nabla.ops.NnOps.pad;
import static io.nabla.ops.NnOps.slice;
import static io.nabla.ops.NnOps.trainingSwitch;
import static io.nabla.ops.NnOps.upsample2d;
import static io.nabla.ops.Ops.abs;
import static io.nabla.ops.Ops.add;
import static io.nabla.ops.Ops.div;
import static io.nabla.ops.Ops.equal;
import static io.nabla.ops.Ops.exp;
import static io.nabla.ops.Ops.fillLike;
import static io.nabla.ops.Ops.heaviside;
import static io.nabla.ops.Ops.log;
import static io.nabla.ops.Ops.logSoftmax;
import static io.nabla.ops.Ops.matmul;
import static io.nabla.ops.Ops.max;
import static io.nabla.ops.Ops.mean;
import static io.nabla.ops.Ops.mul;
import static io.nabla.ops.Ops.neg;
import static io.nabla.ops.Ops.pow;
import static io.nabla.ops.Ops.relu;
import static io.nabla.ops.Ops.reshape;
import static io.nabla.ops.Ops.reshapeLike;
import static io.nabla.ops.Ops.sign;
import static io.nabla.ops.Ops.softmax;
import static io.nabla.ops.Ops.sqrt;
import static io.nabla.ops.Ops.square;
import static io.nabla.ops.Ops.sub;
import static io.nabla.ops.Ops.sum;
import static io.nabla.ops.Ops.transpose;
import static io.nabla.ops.Ops.unsqueeze;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.exec.Results;
import io.nabla.core.exec.RunOptions;
import io.nabla.core.exec.Session;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.primitive.Primitives;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.onnx.proto.OnnxProto.ModelProto;
import io.nabla.ops.math.MatMulBias;
import io.nabla.ops.nn.Conv2dRelu;
import io.nabla.ops.nn.Conv2dSpec;
import io.nabla.ops.nn.Padding;
import io.nabla.ops.nn.Upsampling;
import io.nabla.ops.nn.Window2d;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mapping of each op, on graphs built op by op: ONNX Runtime must compute what Nabla's
 * inference run does, within {@value OnnxRuntimeAgreementTest#TOLERANCE} relative; and the
 * failures (an op without a mapping, a placeholder not exported as an input) name the node.
 */
class OpMappingTest {
  private final Random random = new Random(17);

  @Test
  void elementwiseArithmeticAndReductions() throws Exception {
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 3, 4);
    Node y = g.placeholder("y", -1, 3, 4);
    Node positive = add(abs(x), 0.5f);
    Map<String, Node> out = new LinkedHashMap<>();
    out.put("arith", div(sub(mul(x, y), neg(y)), add(square(y), 1f)));
    out.put("powers", add(pow(positive, 1.7f), sqrt(positive)));
    out.put("explog", log(add(exp(neg(square(x))), 1f)));
    out.put("signs", add(sign(x), mul(heaviside(y), 2f)));
    out.put("equal", equal(relu(x), x));
    out.put("sum", sum(x, false, 1));
    out.put("mean_all", mean(x));
    out.put("max_keep", max(x, true, -1));
    out.put("sum_keep", sum(y, true, 0, 2));
    out.put("softmax", softmax(x, 1));
    out.put("log_softmax", logSoftmax(x));
    out.put("fill", mul(fillLike(x, 3f), x));
    out.put("add_n", Primitives.addN(x, y, x));
    agree(g, inputs(Map.of("x", x, "y", y)), out, 2, 5);
  }

  @Test
  void shapesAndMatrices() throws Exception {
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 6);
    Node w = g.variable("w", random(6, 5));
    Node v = g.variable("v", random(4, 6));
    Node b = g.variable("b", random(5));
    Map<String, Node> out = new LinkedHashMap<>();
    out.put("dense", add(matmul(x, w), b));
    out.put("transposed_b", matmul(x, v, false, true));
    out.put("transposed_a", matmul(transpose(v), w, true, false));
    out.put("gemm", g.apply(new MatMulBias(false, false, false), x, w, b));
    out.put("gemm_relu", g.apply(new MatMulBias(false, true, true), x, v, g.variable("c",
        random(4))));
    Node cube = reshape(x, -1, 2, 3);
    out.put("reshape_transpose", transpose(cube, 0, 2, 1));
    out.put("reshape_like", reshapeLike(transpose(cube, 0, 2, 1), x));
    out.put("unsqueeze", unsqueeze(x, 1));
    out.put("batched_matmul", matmul(cube, g.variable("m", random(3, 2))));
    out.put("concat_pad_crop", concat(1, pad(x, new int[] {0, 2}, new int[] {0, 1}, -1.5f),
        crop(x, new int[] {0, 1}, new int[] {0, 2}), slice(x, 1, 2, 4)));
    out.put("identity", Primitives.stopGradient(Primitives.identity(x)));
    agree(g, inputs(Map.of("x", x)), out, 1, 4);
  }

  @Test
  void convolutionsPoolingAndBatchNorm() throws Exception {
    Graph g = new Graph();
    Node x = g.placeholder("image", -1, 4, 9, 9);
    Map<String, Node> out = new LinkedHashMap<>();
    out.put("strided_padded", conv2d(x, g.variable("w1", random(3, 4, 3, 3)),
        g.variable("b1", random(3)), Conv2dSpec.defaults().withStride(2).withPadding(1)));
    out.put("dilated_same", conv2d(x, g.variable("w2", random(2, 4, 3, 3)),
        Conv2dSpec.defaults().withDilation(2).withPadding(Padding.same())));
    out.put("grouped_uneven", conv2d(x, g.variable("w3", random(6, 2, 2, 3)),
        Conv2dSpec.defaults().withGroups(2).withStride(2, 1).withPadding(Padding.of(0, 1, 2, 0))));
    out.put("conv_relu", g.apply(new Conv2dRelu(Conv2dSpec.defaults().withPadding(2)), x,
        g.variable("w4", random(2, 4, 5, 5)), g.variable("b4", random(2))));
    out.put("max_pool", maxPool2d(x, Window2d.of(3, 2, Padding.of(1))));
    out.put("max_pool_same", maxPool2d(x, Window2d.of(2, 2, Padding.same())));
    out.put("avg_pool", avgPool2d(x, Window2d.of(3, 2, Padding.of(1))));
    out.put("avg_pool_valid", avgPool2d(x, 2, 2));
    Node gamma = g.variable("gamma", random(4));
    Node beta = g.variable("beta", random(4));
    Node runningMean = g.variable("running_mean", random(4));
    Node runningVar = g.variable("running_var", positive(4));
    out.put("batch_norm", batchNorm(x, gamma, beta, runningMean, runningVar, 1e-3f).output());
    Node flat = reshape(x, -1, 4 * 81);
    out.put("dropout", dropout(flat, 0.4f));
    out.put("switch", trainingSwitch(exp(flat), flat));
    agree(g, inputs(Map.of("image", x)), out, 1, 3);
  }

  @Test
  void transposedConvolutionsAndUpsampling() throws Exception {
    Graph g = new Graph();
    Node x = g.placeholder("code", -1, 4, 5, 5);
    Map<String, Node> out = new LinkedHashMap<>();
    out.put("doubling", conv2dTranspose(x, g.variable("t1", random(4, 3, 3, 3)),
        g.variable("tb1", random(3)), Conv2dSpec.defaults().withStride(2).withPadding(1), 1));
    out.put("grouped_dilated", conv2dTranspose(x, g.variable("t2", random(4, 1, 2, 3)), null,
        Conv2dSpec.defaults().withGroups(2).withDilation(2).withStride(3, 2)
            .withPadding(Padding.of(1, 0, 2, 1)), 2, 1));
    out.put("valid", conv2dTranspose(x, g.variable("t3", random(4, 2, 3, 3)),
        Conv2dSpec.defaults()));
    out.put("nearest", upsample2d(x, Upsampling.nearest(2)));
    out.put("nearest_fractional", upsample2d(x, new Upsampling(Upsampling.Mode.NEAREST, 1.5,
        2.5)));
    out.put("bilinear", upsample2d(x, Upsampling.bilinear(2)));
    out.put("bilinear_fractional", upsample2d(x, new Upsampling(Upsampling.Mode.BILINEAR, 1.7,
        0.6)));
    agree(g, inputs(Map.of("code", x)), out, 1, 3);
  }

  @Test
  void anOpWithoutAMappingIsNamedWithTheFix() {
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 3);
    Node s = g.apply("act/softsign", new TestSoftsign(), x);
    OnnxExportException e = assertThrows(OnnxExportException.class, () -> OnnxExporter
        .standard().export(new Session(g), inputs(Map.of("x", x)), Map.of("y", relu(s))));
    assertEquals("onnx export: op 'test_softsign' of node 'act/softsign'"
        + " (io.nabla.onnx.TestSoftsign) has no ONNX mapping; register one with"
        + " OnnxExporter.standard().with(TestSoftsign.class, ctx -> ctx.add(\"<OnnxOp>\","
        + " ctx.output(), ctx.input(0)))", e.getMessage());
  }

  @Test
  void aCustomOpExportsThroughItsRegisteredMapping() throws Exception {
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 3);
    Node s = g.apply("act/softsign", new TestSoftsign(), mul(x, 4f));
    OnnxExporter exporter = OnnxExporter.standard()
        .with(TestSoftsign.class, ctx -> ctx.add("Softsign", ctx.output(), ctx.input(0)));
    assertTrue(exporter.supports(TestSoftsign.class));
    assertTrue(!OnnxExporter.standard().supports(TestSoftsign.class),
        "with(...) returns a new exporter and leaves the standard one alone");
    agree(exporter, g, inputs(Map.of("x", x)), Map.of("y", s), 4);
  }

  @Test
  void aPlaceholderThatIsNotAnInputIsNamed() {
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 3);
    Node labels = g.placeholder("labels", -1, 3);
    OnnxExportException e = assertThrows(OnnxExportException.class, () -> OnnxExporter
        .standard().export(new Session(g), inputs(Map.of("x", x)), Map.of("y", sub(x, labels))));
    assertEquals("onnx export: placeholder 'labels' f32[?,3] is needed by the outputs but is not"
        + " an input of the export (inputs: [x]); add it to the inputs, or export outputs that"
        + " do not depend on it", e.getMessage());
  }

  @Test
  void aFailedExportLeavesTheFileAsItWas(@TempDir Path dir) throws Exception {
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 3);
    Path file = dir.resolve("m.onnx");
    OnnxExporter exporter = OnnxExporter.standard();
    ModelProto first = exporter.export(new Session(g), inputs(Map.of("x", x)),
        Map.of("y", relu(x)));
    OnnxExporter.write(first, file);
    byte[] before = Files.readAllBytes(file);
    assertEquals(first, ModelProto.parseFrom(before));
    Node bad = g.apply(new TestSoftsign(), x);
    assertThrows(OnnxExportException.class, () -> OnnxExporter.write(exporter.export(
        new Session(g), inputs(Map.of("x", x)), Map.of("y", bad)), file));
    assertArrayEquals(before, Files.readAllBytes(file));
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file is left behind");
    }
  }

  @Test
  void theCheckerRejectsABrokenModel(@TempDir Path dir) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(OnnxChecker.python().isPresent(),
        "the ONNX checker needs python3 with onnx: " + OnnxChecker.INSTALL);
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 3);
    ModelProto good = OnnxExporter.standard().export(new Session(g), inputs(Map.of("x", x)),
        Map.of("y", relu(x)));
    ModelProto broken = good.toBuilder().setGraph(good.getGraph().toBuilder()
        .setNode(0, good.getGraph().getNode(0).toBuilder().setOpType("NoSuchOp"))).build();
    Path file = dir.resolve("broken.onnx");
    OnnxExporter.write(broken, file);
    Optional<String> complaint = OnnxChecker.check(file);
    assertTrue(complaint.isPresent() && complaint.get().contains("NoSuchOp"),
        complaint.toString());
  }

  private static Map<String, Node> inputs(Map<String, Node> byName) {
    return new LinkedHashMap<>(byName);
  }

  private Tensor random(int... dims) {
    return Tensor.fromFunction(Shape.of(dims), i -> random.nextGaussian());
  }

  private Tensor positive(int n) {
    return Tensor.fromFunction(Shape.of(n), i -> 0.5 + random.nextDouble());
  }

  private void agree(Graph g, Map<String, Node> inputs, Map<String, Node> outputs,
      int... batches) throws Exception {
    agree(OnnxExporter.standard(), g, inputs, outputs, batches);
  }

  /** Nabla's inference run and ONNX Runtime's on random batches of each size agree. */
  private void agree(OnnxExporter exporter, Graph g, Map<String, Node> inputs,
      Map<String, Node> outputs, int... batches) throws Exception {
    Session session = new Session(g);
    ModelProto proto = exporter.export(session, inputs, outputs);
    for (int batch : batches) {
      Map<Node, Tensor> feeds = new LinkedHashMap<>();
      Map<String, Tensor> named = new LinkedHashMap<>();
      inputs.forEach((name, node) -> {
        int[] dims = node.shape().dims();
        dims[0] = batch;
        Tensor t = random(dims);
        feeds.put(node, t);
        named.put(name, t);
      });
      Results expected = session.run(feeds, RunOptions.forInference(),
          outputs.values().toArray(Node[]::new));
      Map<String, Tensor> actual = OnnxRuntimeRunner.run(proto, named);
      for (Map.Entry<String, Node> o : outputs.entrySet()) {
        Tensor want = expected.get(o.getValue());
        Tensor got = actual.get(o.getKey());
        assertArrayEquals(want.shape().dims(), got.shape().dims(), o.getKey() + " shape");
        double d = OnnxRuntimeRunner.relativeDifference(got, want);
        assertTrue(d <= OnnxRuntimeAgreementTest.TOLERANCE, o.getKey() + " batch " + batch
            + ": ONNX Runtime differs from Nabla by " + d + " relative");
      }
    }
  }
}
