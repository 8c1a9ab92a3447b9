package io.nabla.bench;

import static io.nabla.ops.NnOps.batchNorm;
import static io.nabla.ops.NnOps.conv2d;
import static io.nabla.ops.NnOps.maxPool2d;
import static io.nabla.ops.Ops.sum;

import io.nabla.core.autodiff.Autodiff;
import io.nabla.core.exec.Plan;
import io.nabla.core.exec.RunOptions;
import io.nabla.core.exec.Session;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.ops.nn.Conv2dSpec;
import java.util.List;
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
 * Forward and forward+backward of single layers at the shapes that matter: LeNet's two
 * convolutions, a VGG block's 3×3 convolution, 2×2 max pooling and batch norm (a small map and a
 * VGG block's), batch 64.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class LayerBenchmark {
  /**
   * layer: lenet-conv1 (1→6, 5×5 pad 2, 28²), lenet-conv2 (6→16, 5×5, 14²), vgg-conv (32→32,
   * 3×3 same, 14²), maxpool (6@28², 2×2), batchnorm (16@14²), vgg-batchnorm (32@28²).
   */
  @Param({"lenet-conv1", "lenet-conv2", "vgg-conv", "maxpool", "batchnorm", "vgg-batchnorm"})
  String layer;

  Plan forward;
  Plan backward;
  Map<Node, Tensor> feeds;

  @Setup
  public void setup() {
    Random r = new Random(1);
    Graph g = new Graph();
    int[] in = switch (layer) {
      case "lenet-conv1" -> new int[] {64, 1, 28, 28};
      case "lenet-conv2" -> new int[] {64, 6, 14, 14};
      case "vgg-conv" -> new int[] {64, 32, 14, 14};
      case "maxpool" -> new int[] {64, 6, 28, 28};
      case "vgg-batchnorm" -> new int[] {64, 32, 28, 28};
      default -> new int[] {64, 16, 14, 14};
    };
    Node x = g.placeholder("x", in);
    Node w;
    Node y;
    switch (layer) {
      case "lenet-conv1" -> {
        w = g.variable("w", random(r, 6, 1, 5, 5));
        y = conv2d(x, w, Conv2dSpec.defaults().withPadding(2));
      }
      case "lenet-conv2" -> {
        w = g.variable("w", random(r, 16, 6, 5, 5));
        y = conv2d(x, w);
      }
      case "vgg-conv" -> {
        w = g.variable("w", random(r, 32, 32, 3, 3));
        y = conv2d(x, w, Conv2dSpec.defaults().withPadding(1));
      }
      case "maxpool" -> {
        w = null;
        y = maxPool2d(x, 2, 2);
      }
      default -> {
        int c = in[1];
        w = g.variable("gamma", Tensor.filled(Shape.of(c), 1f));
        Node beta = g.variable("beta", Tensor.zeros(c));
        y = batchNorm(x, w, beta, g.constant("m", Tensor.zeros(c)),
            g.constant("v", Tensor.filled(Shape.of(c), 1f)), 1e-5f).output();
      }
    }
    List<Node> wrt = w == null ? List.of(x) : List.of(x, w);
    List<Node> grads = Autodiff.gradients(sum(y), wrt);
    Session s = new Session(g);
    forward = s.compile(List.of(y), List.of(x));
    backward = s.compile(grads, List.of(x));
    feeds = Map.of(x, random(r, in));
  }

  private static Tensor random(Random r, int... dims) {
    return Tensor.fromFunction(Shape.of(dims), i -> r.nextGaussian());
  }

  @Benchmark
  public Object forward() {
    return forward.run(feeds, RunOptions.forTraining());
  }

  @Benchmark
  public Object forwardBackward() {
    return backward.run(feeds, RunOptions.forTraining());
  }
}
