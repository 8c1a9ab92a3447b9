package io.nabla.bench;

import io.nabla.ops.kernel.ConvAlgorithm;
import io.nabla.ops.kernel.ConvGeometry;
import io.nabla.ops.kernel.ConvKernel;
import io.nabla.ops.kernel.ConvPlanner;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Every distinct convolution of the benchmark suite's models (LeNet, VGG, ResNet, DenseNet,
 * Inception on 3×32×32), batch 64, one pass at a time, with the planner's kernel ({@code auto})
 * or a forced one. GFLOPS = {@link #flops} / time (BENCHMARKS.md, "Convolution kernels"). A
 * forced kernel that does not apply to the geometry fails the setup, so that no figure is
 * reported for a kernel that did not run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ConvBenchmark {
  /** name → {C, H, W, F, k, stride, pad}; where each occurs is in BENCHMARKS.md. */
  static final Map<String, int[]> LAYERS = Map.ofEntries(
      Map.entry("lenet-conv1", new int[] {1, 28, 28, 6, 5, 1, 2}),
      Map.entry("lenet-conv2", new int[] {6, 14, 14, 16, 5, 1, 0}),
      Map.entry("stem-3x3", new int[] {3, 32, 32, 16, 3, 1, 1}),
      Map.entry("c16-32-3x3", new int[] {16, 32, 32, 16, 3, 1, 1}),
      Map.entry("c16-16-3x3-f32", new int[] {16, 16, 16, 32, 3, 1, 1}),
      Map.entry("c32-16-3x3", new int[] {32, 16, 16, 32, 3, 1, 1}),
      Map.entry("res-down-3x3", new int[] {16, 32, 32, 32, 3, 2, 1}),
      Map.entry("res-proj-1x1", new int[] {16, 32, 32, 32, 1, 2, 0}),
      Map.entry("dense-c32-32-3x3", new int[] {32, 32, 32, 8, 3, 1, 1}),
      Map.entry("dense-trans-1x1", new int[] {40, 32, 32, 24, 1, 1, 0}),
      Map.entry("dense-c40-16-3x3", new int[] {40, 16, 16, 8, 3, 1, 1}),
      Map.entry("inc-c24-16-3x3", new int[] {24, 16, 16, 32, 3, 1, 1}),
      Map.entry("inc-c56-16-1x1", new int[] {56, 16, 16, 24, 1, 1, 0}),
      Map.entry("inc-c4-16-5x5", new int[] {4, 16, 16, 8, 5, 1, 2}),
      Map.entry("inc-c24-8-3x3", new int[] {24, 8, 8, 40, 3, 1, 1}),
      Map.entry("inc-c80-8-1x1", new int[] {80, 8, 8, 32, 1, 1, 0}),
      Map.entry("inc-c6-8-5x5", new int[] {6, 8, 8, 12, 5, 1, 2}));

  @Param({"lenet-conv1", "lenet-conv2", "stem-3x3", "c16-32-3x3", "c16-16-3x3-f32",
      "c32-16-3x3", "res-down-3x3", "res-proj-1x1", "dense-c32-32-3x3", "dense-trans-1x1",
      "dense-c40-16-3x3", "inc-c24-16-3x3", "inc-c56-16-1x1", "inc-c4-16-5x5", "inc-c24-8-3x3",
      "inc-c80-8-1x1", "inc-c6-8-5x5"})
  String layer;

  /** forward, input-grad or filter-grad. */
  @Param({"forward", "input-grad", "filter-grad"})
  String pass;

  /** {@code auto} (the planner's choice) or a {@link ConvAlgorithm#label()}. */
  @Param({"auto"})
  String kernel;

  @Param({"64"})
  int batch;

  ConvGeometry g;
  float[] x;
  float[] w;
  float[] bias;
  float[] y;
  float[] dx;
  float[] dw;

  @Setup
  public void setup() {
    if (!kernel.equals("auto")) {
      System.setProperty("nabla.conv.kernel", kernel);
    }
    g = geometry(LAYERS.get(layer), batch);
    ConvPlanner.Pass p = switch (pass) {
      case "forward" -> ConvPlanner.Pass.FORWARD;
      case "input-grad" -> ConvPlanner.Pass.INPUT_GRAD;
      default -> ConvPlanner.Pass.FILTER_GRAD;
    };
    ConvAlgorithm chosen = ConvPlanner.choose(g, p);
    if (!kernel.equals("auto") && !chosen.label().equals(kernel)) {
      throw new IllegalStateException(kernel + " does not apply to " + layer + " " + pass);
    }
    System.out.println("# " + layer + " " + pass + ": " + chosen.label());
    Random r = new Random(1);
    x = random(r, g.n() * g.c() * g.h() * g.w());
    w = random(r, g.f() * g.c() * g.kh() * g.kw());
    bias = random(r, g.f());
    y = random(r, g.n() * g.f() * g.outPixels());
    dx = new float[x.length];
    dw = new float[w.length];
  }

  /** The geometry of {@code {C, H, W, F, k, stride, pad}} at batch {@code n}. */
  static ConvGeometry geometry(int[] l, int n) {
    int out = (l[1] + 2 * l[6] - l[4]) / l[5] + 1;
    return new ConvGeometry(n, l[0], l[1], l[2], l[3], l[4], l[4], out, out, l[6], l[6], l[5],
        l[5], 1, 1, 1);
  }

  /** Multiply-adds × 2 of one pass (the same for all three). */
  static double flops(ConvGeometry g) {
    return 2.0 * g.n() * g.f() * g.patch() * g.outPixels();
  }

  private static float[] random(Random r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextGaussian();
    }
    return a;
  }

  @Benchmark
  public Object run() {
    switch (pass) {
      case "forward" -> ConvKernel.forward(x, w, bias, y, g);
      case "input-grad" -> ConvKernel.inputGrad(y, w, dx, g);
      default -> ConvKernel.filterGrad(x, y, dw, g);
    }
    return y;
  }
}
