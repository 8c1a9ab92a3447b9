package io.nabla.bench;

import static io.nabla.ops.NnOps.conv2d;
import static io.nabla.ops.Ops.sum;

import io.nabla.core.autodiff.Autodiff;
import io.nabla.core.exec.Plan;
import io.nabla.core.exec.RunOptions;
import io.nabla.core.exec.Session;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One convolution alone, at a batch of 64, as {@link LayerBenchmark} runs LeNet's: the forward
 * plan, and the plan of the input and filter gradients of {@code sum(y)} (which runs the forward
 * too). No bias, so the operations counted are the convolution's only.
 */
final class ConvProbe {
  static final int BATCH = 64;

  private final Plan forward;
  private final Plan backward;
  private final Map<Node, Tensor> feeds;

  ConvProbe(ConvLayer layer) {
    Random r = new Random(1);
    Graph g = new Graph();
    Node x = g.placeholder("x", BATCH, layer.inChannels(), layer.inH(), layer.inW());
    Node w = g.variable("w", random(r, layer.filters(),
        layer.inChannels() / layer.spec().groups(), layer.kernelH(), layer.kernelW()));
    Node y = conv2d(x, w, layer.spec());
    List<Node> grads = Autodiff.gradients(sum(y), List.of(x, w));
    Session s = new Session(g);
    forward = s.compile(List.of(y), List.of(x));
    backward = s.compile(grads, List.of(x));
    feeds = Map.of(x, random(r, BATCH, layer.inChannels(), layer.inH(), layer.inW()));
  }

  private static Tensor random(Random r, int... dims) {
    return Tensor.fromFunction(Shape.of(dims), i -> r.nextGaussian());
  }

  void forward() {
    forward.run(feeds, RunOptions.forTraining());
  }

  void forwardBackward() {
    backward.run(feeds, RunOptions.forTraining());
  }
}
