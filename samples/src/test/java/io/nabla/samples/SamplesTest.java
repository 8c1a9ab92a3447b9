package io.nabla.samples;

import static io.nabla.samples.Launcher.fails;
import static io.nabla.samples.Launcher.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs every sub-command on tiny settings, as a user would from the command line. */
class SamplesTest {
  private static final Pattern RESULT = Pattern.compile("(?m)^RESULT (\\{.*\\})$");

  @TempDir
  Path dir;


  /** The RESULT line, which must be the last line, as JSON text. */
  private static String result(String out) {
    String[] lines = out.strip().split("\n");
    String last = lines[lines.length - 1];
    Matcher m = RESULT.matcher(last);
    assertTrue(m.matches(), "last line is not a RESULT line: " + last);
    return m.group(1);
  }

  private static double number(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\":([-0-9.eE]+)").matcher(json);
    assertTrue(m.find(), key + " missing from " + json);
    return Double.parseDouble(m.group(1));
  }

  private static void assertPng(Path png) throws Exception {
    assertTrue(Files.exists(png), png + " was not written");
    assertNotNull(ImageIO.read(png.toFile()), png + " is not a readable PNG");
  }

  @Test
  void lenetWritesCheckpointPicturesAndGraphThenPredictReadsTheCheckpoint() throws Exception {
    Path out = dir.resolve("lenet");
    String json = result(run("lenet", "--epochs", "1", "--limit", "600", "--out",
        out.toString()));
    assertTrue(json.contains("\"sample\":\"lenet\""), json);
    assertEquals(1, number(json, "epochs"));
    assertTrue(number(json, "test_accuracy") > 0.2, json);
    assertTrue(number(json, "train_images_per_s") > 0, json);
    assertPng(out.resolve("training-curves.png"));
    assertPng(out.resolve("conv1-filters.png"));
    assertPng(out.resolve("feature-maps.png"));
    assertTrue(Files.readString(out.resolve("lenet-graph.dot")).contains("grad/conv1/weight"));
    Path ckpt = out.resolve("lenet.safetensors");
    assertTrue(Files.size(ckpt) > 61_706 * 4, "the checkpoint holds every parameter");
    Path png = out.resolve("conv1-filters.png");
    String predicted = run("predict", "--checkpoint", ckpt.toString(), png.toString());
    assertTrue(predicted.contains(png + ": "), predicted);

    Path training = out.resolve("training.safetensors");
    String resumed = run("lenet", "--epochs", "2", "--limit", "600", "--out", out.toString(),
        "--resume", training.toString());
    assertTrue(resumed.contains("resumed " + training + " after epoch 1"), resumed);
    assertEquals(2, number(result(resumed), "epochs"), "one epoch restored, one trained");
  }

  @Test
  void withoutFashionMnistLenetSaysHowToInstallItAndTrainsOnGeneratedImages() {
    String old = System.getProperty("nabla.fashion-mnist");
    System.setProperty("nabla.fashion-mnist", dir.resolve("no-such-directory").toString());
    try {
      String out = run("lenet", "--epochs", "1", "--limit", "300", "--out",
          dir.resolve("fallback").toString());
      assertTrue(out.contains("apt-get install dataset-fashion-mnist"), out);
      assertTrue(result(out).contains("\"dataset\":\"generated-images\""), out);
    } finally {
      if (old == null) {
        System.clearProperty("nabla.fashion-mnist");
      } else {
        System.setProperty("nabla.fashion-mnist", old);
      }
    }
  }

  @Test
  void mlpTrainsOnTinySettings() {
    String json = result(run("mlp", "--epochs", "1", "--limit", "600", "--hidden", "32",
        "--out", dir.resolve("mlp").toString()));
    assertTrue(json.contains("\"sample\":\"mlp\""), json);
  }

  @Test
  void xorAndSpiralsShowTheLinearModelFailing() throws Exception {
    String xor = result(run("xor", "--out", dir.resolve("xor").toString()));
    assertTrue(number(xor, "train_accuracy") > 0.9, xor);
    assertTrue(number(xor, "linear_train_accuracy") < 0.75, xor);
    assertPng(dir.resolve("xor/logistic-regression.png"));
    assertPng(dir.resolve("xor/mlp.png"));
    String spirals = result(run("spirals", "--out", dir.resolve("spirals").toString()));
    assertTrue(number(spirals, "train_accuracy") >= 0.98, spirals);
  }

  @Test
  void deeperCnnsTrainEachArchitecture() {
    for (String arch : new String[] {"vgg", "resnet", "dense", "inception"}) {
      String json = result(run("cnn", "--arch", arch, "--epochs", "1", "--limit", "128",
          "--out", dir.resolve(arch).toString()));
      assertTrue(json.contains("\"sample\":\"cnn-" + arch + "\""), json);
    }
  }

  @Test
  void inceptionReachesEightySevenPercentInThreeEpochs() {
    Assumptions.assumeTrue(io.nabla.nn.data.FashionMnist.defaultDirectory().isPresent(),
        "Fashion-MNIST is not installed; run apt-get install dataset-fashion-mnist");
    String json = result(run("cnn", "--arch", "inception", "--epochs", "3", "--out",
        dir.resolve("inception").toString()));
    assertTrue(number(json, "test_accuracy") >= 0.87, json);
  }

  @Test
  void autoencoderWritesReconstructions() throws Exception {
    String json = result(run("autoencoder", "--epochs", "1", "--limit", "600", "--out",
        dir.resolve("ae").toString()));
    assertTrue(number(json, "test_loss") < 0.25, json);
    assertPng(dir.resolve("ae/reconstructions.png"));
  }

  /**
   * At the same code size (32), the same data, learning rate and number of steps, the
   * convolutional auto-encoder rebuilds the test images better than the dense one (measured on
   * Fashion-MNIST: test MSE 0.0243 against 0.0302); then a classifier starts from its encoder.
   */
  @Test
  void theConvolutionalAutoEncoderBeatsTheDenseOneAtTheSameCodeSize() throws Exception {
    String[] common = {"--epochs", "2", "--limit", "3000", "--batch", "32", "--lr", "0.003",
        "--code", "32"};
    String dense = result(run(concat(new String[] {"autoencoder", "--out",
        dir.resolve("dense").toString(), "--classify-epochs", "0"}, common)));
    String conv = result(run(concat(new String[] {"autoencoder", "--conv", "--out",
        dir.resolve("conv").toString()}, common)));
    assertTrue(conv.contains("\"architecture\":\"conv\""), conv);
    assertEquals(32, number(conv, "code"));
    // the classifier starts from conv1, conv2 and code (weights and biases) and learns labels
    assertEquals(6, number(conv, "classifier_weights_copied"), conv);
    assertTrue(number(conv, "classifier_test_accuracy") > 0.6, conv);
    assertTrue(!dense.contains("classifier"), dense);
    assertTrue(number(conv, "test_mse") < number(dense, "test_mse"),
        "conv " + conv + " vs dense " + dense);
    assertPng(dir.resolve("conv/reconstructions.png"));
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  @Test
  void customOpPassesItsGradientCheckAndTrains() throws Exception {
    String json = result(run("custom-op", "--epochs", "40", "--out",
        dir.resolve("custom").toString()));
    assertTrue(number(json, "train_accuracy") > 0.9, json);
    assertTrue(number(json, "gradient_checks") >= 20, json);
    assertPng(dir.resolve("custom/softsign-moons.png"));
  }

  @Test
  void dotOutputRendersWithGraphviz() throws Exception {
    String dot = run("dot", "--model", "mlp");
    assertTrue(dot.startsWith("digraph"), dot);
    assertTrue(dot.contains("grad/dense1/weight"), "gradient nodes are in the dump");
    assertTrue(dot.contains("\\nadd\\n") && !dot.contains("matmul_bias"), "as built");
    assertRenders(dot, "mlp");
  }

  @Test
  void theOptimizedPlanRendersWithGraphviz() throws Exception {
    String dot = run("dot", "--model", "lenet", "--optimized");
    assertTrue(dot.startsWith("digraph"), dot);
    assertTrue(dot.contains("conv2d_relu") && dot.contains("matmul_bias_relu"), "fused steps");
    assertTrue(dot.contains("relu1/relu") && !dot.contains("\\nrelu\\n"),
        "fused steps carry the names of the ReLUs they stand for");
    assertTrue(!dot.contains("grad/dense1/weight\\n"), "the identities naming gradients go");
    assertRenders(dot, "lenet-optimized");
  }

  @Test
  void dotViewsOfInceptionAreSmallAndRender() throws Exception {
    String collapsed = run("dot", "--model", "inception", "--forward", "--collapse");
    String expanded = run("dot", "--model", "inception", "--forward", "--expand", "inception1");
    String scope = run("dot", "--model", "inception", "--forward", "--scope", "inception2",
        "--depth", "1");

    // conv, bn, relu, pool, three Inception blocks, two pools, flatten, dense
    assertEquals(11, count(collapsed, "(?m)^  b\\d+ \\["), collapsed);
    assertEquals(11, count(collapsed, " -> "), "a chain of eleven layers from the input");
    assertTrue(collapsed.contains("label=\"inception1\\ninception\\nf32[?,56,14,14]\\n"),
        collapsed);
    assertTrue(!collapsed.contains("grad") && !collapsed.contains("train/"), collapsed);
    assertEquals(10 + 20, count(expanded, "(?m)^\\s*b\\d+ \\["), "ten layers and the "
        + "twenty scopes inside inception1 (six conv, bn and relu, the pool, the concat)");
    assertTrue(scope.contains("label=\"inception1/concat1/concat\\nf32[?,56,14,14]\""),
        "the block's input is a stand-in:\n" + scope);
    assertRenders(collapsed, "inception-collapsed");
    assertRenders(scope, "inception-scope");
  }

  @Test
  void dotRefusesAnUnknownScopeAndADepthBelowOne() {
    String scope = fails("dot", "--model", "mlp", "--scope", "dense9");
    String depth = fails("dot", "--model", "mlp", "--depth", "0");

    assertTrue(scope.contains("within('dense9'): no node to draw is in that scope; the "
        + "top-level scopes are [flatten1, dense1, relu1, dense2, relu2, dense3, train]"), scope);
    assertTrue(depth.contains("collapse depth 0:"), depth);
  }

  private static int count(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }


  private void assertRenders(String dot, String name) throws Exception {
    Path file = dir.resolve(name + ".dot");
    Files.writeString(file, dot);
    Path svg = dir.resolve(name + ".svg");
    Process p = new ProcessBuilder("dot", "-Tsvg", file.toString(), "-o", svg.toString())
        .redirectErrorStream(true).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "dot did not finish");
    assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes(),
        StandardCharsets.UTF_8));
    assertTrue(Files.readString(svg).contains("f32["));
  }

  @Test
  void fuzzChecksRandomGraphsAndReproducesOneCase() {
    String json = result(run("fuzz", "--cases", "60", "--seed", "3"));
    assertTrue(json.contains("\"sample\":\"fuzz\""), json);
    assertEquals(60, number(json, "cases"));
    assertEquals(0, number(json, "failures"));
    assertTrue(number(json, "ops_covered") >= 25, json);
    String one = result(run("fuzz", "--seed", "3", "--case", "17"));
    assertEquals(1, number(one, "cases"));
  }

  @Test
  void helpListsEverySample() {
    String help = run("--help");
    for (String s : new String[] {"lenet", "mlp", "xor", "spirals", "cnn", "autoencoder",
        "custom-op", "dot", "predict", "fuzz", "onnx-export", "onnx-predict"}) {
      assertTrue(help.contains(s), s + " missing from\n" + help);
    }
    assertTrue(run("lenet", "--help").contains("--epochs"));
  }
}
