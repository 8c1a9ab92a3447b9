package io.nabla.nn.layer;

import static io.nabla.ops.NnOps.conv2dTranspose;
import static io.nabla.ops.NnOps.upsample2d;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nabla.core.autodiff.Autodiff;
import io.nabla.core.exec.Results;
import io.nabla.core.exec.Session;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.io.Safetensors;
import io.nabla.nn.io.SafetensorsFile;
import io.nabla.nn.testing.Python;
import io.nabla.ops.Ops;
import io.nabla.ops.nn.Conv2dSpec;
import io.nabla.ops.nn.Padding;
import io.nabla.ops.nn.Upsampling;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code conv2d_transpose} and {@code upsample2d} against PyTorch's {@code
 * F.conv_transpose2d} and {@code F.interpolate} on the same random inputs: the output and the
 * gradients of {@code sum(y · probe)} with respect to every input must agree within {@value
 * #TOLERANCE} relative ({@code max|a − b| / max|b|} over the tensor, as in {@code
 * TorchAgreementTest}). The inputs go to {@code torch_decoder_ops.py} as safetensors, each case's
 * attributes as JSON in the file's metadata. Skipped, saying so, without {@code python3-torch}.
 */
class DecoderTorchAgreementTest {
  static final double TOLERANCE = 1e-5;

  private static Python torch;

  @TempDir Path dir;

  /** A transposed convolution: input [n,c,h,w], f output channels, kernel kh×kw. */
  private record Transposed(String name, int n, int c, int h, int w, int f, int kh, int kw,
      int[] stride, int[] padding, int[] outputPadding, int[] dilation, int groups,
      boolean bias) {
    Conv2dSpec spec() {
      return new Conv2dSpec(stride[0], stride[1], dilation[0], dilation[1],
          Padding.of(padding[0], padding[1]), groups);
    }

    String json() {
      return String.format(Locale.ROOT, "{\"op\": \"conv_transpose2d\", \"stride\": [%d, %d],"
          + " \"padding\": [%d, %d], \"output_padding\": [%d, %d], \"dilation\": [%d, %d],"
          + " \"groups\": %d, \"bias\": %s}", stride[0], stride[1], padding[0], padding[1],
          outputPadding[0], outputPadding[1], dilation[0], dilation[1], groups, bias);
    }
  }

  private static int[] pair(int a, int b) {
    return new int[] {a, b};
  }

  private static final List<Transposed> TRANSPOSED = List.of(
      new Transposed("ct_plain", 2, 2, 5, 4, 3, 3, 3, pair(1, 1), pair(0, 0), pair(0, 0),
          pair(1, 1), 1, true),
      new Transposed("ct_double", 2, 4, 4, 4, 3, 3, 3, pair(2, 2), pair(1, 1), pair(1, 1),
          pair(1, 1), 1, true),
      new Transposed("ct_dcgan", 1, 3, 3, 5, 2, 4, 4, pair(2, 2), pair(1, 1), pair(0, 0),
          pair(1, 1), 1, true),
      new Transposed("ct_uneven", 2, 2, 3, 4, 2, 3, 2, pair(3, 2), pair(2, 1), pair(1, 0),
          pair(1, 1), 1, true),
      new Transposed("ct_dilated", 1, 2, 4, 4, 2, 3, 3, pair(1, 1), pair(1, 1), pair(1, 1),
          pair(2, 2), 1, false),
      new Transposed("ct_groups", 2, 4, 3, 3, 6, 3, 3, pair(2, 2), pair(1, 1), pair(1, 1),
          pair(1, 1), 2, false),
      new Transposed("ct_wide", 3, 8, 7, 7, 16, 5, 5, pair(2, 2), pair(2, 2), pair(1, 1),
          pair(1, 1), 1, true));

  private record Resampled(String name, int[] dims, Upsampling how) {
    String json() {
      return String.format(Locale.ROOT, "{\"op\": \"interpolate\", \"mode\": \"%s\","
          + " \"scale\": [%s, %s]}", how.mode().name().toLowerCase(Locale.ROOT),
          Double.toString(how.scaleH()), Double.toString(how.scaleW()));
    }
  }

  private static final List<Resampled> RESAMPLED = List.of(
      new Resampled("up_nearest2", new int[] {2, 3, 4, 5}, Upsampling.nearest(2)),
      new Resampled("up_nearest3", new int[] {1, 2, 3, 3}, Upsampling.nearest(3)),
      new Resampled("up_nearest_real", new int[] {2, 2, 5, 4},
          new Upsampling(Upsampling.Mode.NEAREST, 1.5, 2.5)),
      new Resampled("up_nearest_down", new int[] {1, 2, 6, 7}, Upsampling.nearest(0.5)),
      new Resampled("up_bilinear2", new int[] {2, 3, 4, 5}, Upsampling.bilinear(2)),
      new Resampled("up_bilinear3", new int[] {1, 1, 3, 4}, Upsampling.bilinear(3)),
      new Resampled("up_bilinear_real", new int[] {2, 2, 5, 4},
          new Upsampling(Upsampling.Mode.BILINEAR, 1.5, 2.25)),
      new Resampled("up_bilinear_down", new int[] {1, 3, 8, 6},
          new Upsampling(Upsampling.Mode.BILINEAR, 0.5, 0.75)));

  @BeforeAll
  static void findTorch() {
    torch = Python.find("import torch, numpy").orElse(null);
  }

  @BeforeEach
  void needTorch() {
    assumeTrue(torch != null,
        "python3 with torch is not installed: apt-get install python3-torch");
  }

  @Test
  void transposedConvolutionAgreesWithConvTranspose2d() throws Exception {
    Map<String, Tensor> inputs = new LinkedHashMap<>();
    Map<String, String> cases = new LinkedHashMap<>();
    Map<String, Tensor> nabla = new LinkedHashMap<>();
    Random r = new Random(11);
    for (Transposed t : TRANSPOSED) {
      Tensor x = gaussian(r, t.n(), t.c(), t.h(), t.w());
      Tensor w = gaussian(r, t.c(), t.f() / t.groups(), t.kh(), t.kw());
      Tensor b = gaussian(r, t.f());
      Graph g = new Graph();
      Node xn = g.placeholder("x", x.shape().dims());
      Node wn = g.placeholder("w", w.shape().dims());
      Node bn = t.bias() ? g.placeholder("b", t.f()) : null;
      Node y = conv2dTranspose(xn, wn, bn, t.spec(), t.outputPadding()[0], t.outputPadding()[1]);
      Tensor probe = gaussian(r, y.shape().dims());
      List<Node> wrt = new ArrayList<>(List.of(xn, wn));
      Map<Node, Tensor> feeds = new LinkedHashMap<>(Map.of(xn, x, wn, w));
      if (t.bias()) {
        wrt.add(bn);
        feeds.put(bn, b);
        inputs.put(t.name() + "/b", b);
      }
      inputs.put(t.name() + "/x", x);
      inputs.put(t.name() + "/w", w);
      inputs.put(t.name() + "/probe", probe);
      cases.put(t.name(), t.json());
      run(g, y, probe, wrt, feeds, t.name(), nabla);
    }
    agree(inputs, cases, nabla);
  }

  @Test
  void upsamplingAgreesWithInterpolate() throws Exception {
    Map<String, Tensor> inputs = new LinkedHashMap<>();
    Map<String, String> cases = new LinkedHashMap<>();
    Map<String, Tensor> nabla = new LinkedHashMap<>();
    Random r = new Random(12);
    for (Resampled c : RESAMPLED) {
      Tensor x = gaussian(r, c.dims());
      Graph g = new Graph();
      Node xn = g.placeholder("x", c.dims());
      Node y = upsample2d(xn, c.how());
      Tensor probe = gaussian(r, y.shape().dims());
      inputs.put(c.name() + "/x", x);
      inputs.put(c.name() + "/probe", probe);
      cases.put(c.name(), c.json());
      run(g, y, probe, List.of(xn), Map.of(xn, x), c.name(), nabla);
    }
    agree(inputs, cases, nabla);
  }

  /** Nabla's output and the gradients of sum(y · probe), named as the script names them. */
  private static void run(Graph g, Node y, Tensor probe, List<Node> wrt, Map<Node, Tensor> feeds,
      String name, Map<String, Tensor> into) {
    List<Node> grads = Autodiff.gradients(Ops.sum(Ops.mul(y, g.constant("probe", probe))), wrt);
    List<Node> fetches = new ArrayList<>(List.of(y));
    fetches.addAll(grads);
    Results results = new Session(g).run(feeds, fetches.toArray(Node[]::new));
    into.put(name + "/y", results.get(y));
    for (int i = 0; i < wrt.size(); i++) {
      into.put(name + "/grad/" + wrt.get(i).name(), results.get(grads.get(i)));
    }
  }

  private void agree(Map<String, Tensor> inputs, Map<String, String> cases,
      Map<String, Tensor> nabla) throws Exception {
    Path in = dir.resolve("inputs.safetensors");
    Path out = dir.resolve("pytorch.safetensors");
    Safetensors.write(in, inputs, cases);
    torch.run(dir, getClass(), "torch_decoder_ops.py", in, out);
    SafetensorsFile pytorch = Safetensors.read(out);
    StringBuilder report = new StringBuilder();
    double worst = 0;
    String worstName = "";
    for (var e : nabla.entrySet()) {
      Tensor theirs = pytorch.tensor(e.getKey());
      assertTrue(theirs.shape().equals(e.getValue().shape()), e.getKey() + ": Nabla "
          + e.getValue().shape() + " but PyTorch " + theirs.shape());
      double d = relative(e.getValue(), theirs);
      report.append(String.format(Locale.ROOT, "  %-28s %s %.2e%n", e.getKey(),
          theirs.shape(), d));
      if (d > worst) {
        worst = d;
        worstName = e.getKey();
      }
    }
    System.out.printf(Locale.ROOT, "Nabla vs PyTorch %s (largest %.2e, %s):%n%s", cases.keySet(),
        worst, worstName, report);
    assertTrue(worst <= TOLERANCE, "largest relative difference " + worst + " at " + worstName
        + " exceeds " + TOLERANCE + ":\n" + report);
  }

  /** {@code max|a − b| / max(max|b|, Float.MIN_NORMAL)}. */
  private static double relative(Tensor a, Tensor b) {
    double diff = 0;
    double scale = Float.MIN_NORMAL;
    for (int i = 0; i < b.size(); i++) {
      diff = Math.max(diff, Math.abs((double) a.get(i) - b.get(i)));
      scale = Math.max(scale, Math.abs(b.get(i)));
    }
    return diff / scale;
  }

  private static Tensor gaussian(Random r, int... dims) {
    return Tensor.fromFunction(Shape.of(dims), i -> r.nextGaussian());
  }
}
