package io.nabla.ops.pass;

import static io.nabla.ops.NnOps.conv2d;
import static io.nabla.ops.NnOps.maxPool2d;
import static io.nabla.ops.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.autodiff.Autodiff;
import io.nabla.core.exec.GraphRunException;
import io.nabla.core.exec.Plan;
import io.nabla.core.exec.RunOptions;
import io.nabla.core.exec.Session;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.NodeKind;
import io.nabla.core.graph.Scope;
import io.nabla.core.pass.Pipeline;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.ops.math.ReluGrad;
import io.nabla.ops.nn.Conv2dSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FusionTest {
  private final Random random = new Random(3);
  private final Graph g = new Graph();
  private final Node x = g.placeholder("x", -1, 4);
  private final Node labels = g.placeholder("labels", -1);
  private final Node w1 = g.variable("fc1/w", gaussian(4, 5));
  private final Node b1 = g.variable("fc1/b", gaussian(5));
  private final Node w2 = g.variable("fc2/w", gaussian(5, 3));
  private final Node b2 = g.variable("fc2/b", gaussian(3));
  private final Tensor xs = gaussian(6, 4);
  private final Tensor ys = Tensor.vector(0, 1, 2, 2, 1, 0);

  private Tensor gaussian(int... dims) {
    return Tensor.fromFunction(Shape.of(dims), i -> random.nextGaussian());
  }

  private static List<String> operations(Plan plan) {
    return plan.order().stream().filter(n -> n.kind() == NodeKind.OPERATION)
        .map(n -> n.name() + "=" + n.op().type()).toList();
  }

  private Node hidden() {
    try (Scope s = g.scope("fc1")) {
      return relu(add(matmul(x, w1), b1));
    }
  }

  @Test
  void aDenseLayerWithReluBecomesOneStepEvenWhileTraining() {
    Node h = hidden();
    Node logits = add(matmul(h, w2), b2);
    Node loss = softmaxCrossEntropy(logits, labels);
    List<Node> fetches = new ArrayList<>(Autodiff.gradients(loss, w1, b1, w2, b2));
    fetches.add(loss);
    Session session = new Session(g, OpsPasses.standard());
    Plan fused = session.compile(fetches, List.of(x, labels));
    Plan asBuilt = session.compile(fetches, List.of(x, labels), Pipeline.none());
    List<String> ops = operations(fused);
    assertEquals(List.of("fc1/relu=matmul_bias_relu", "add=matmul_bias"), ops.subList(0, 2));
    assertEquals(0, ops.stream().filter(o -> o.endsWith("=relu") || o.endsWith("=add")).count());
    // relu_grad reads the fused output, whose sign is the pre-activation's
    Node reluGrad = fused.order().stream().filter(n -> n.op() instanceof ReluGrad)
        .findFirst().orElseThrow();
    assertEquals("fc1/relu", reluGrad.input(1).name());
    // gone: the seed and its product, two relus and adds, four identities naming gradients
    assertEquals(23, operations(asBuilt).size());
    assertEquals(14, ops.size());
    var a = asBuilt.run(Map.of(x, xs, labels, ys));
    var b = fused.run(Map.of(x, xs, labels, ys));
    for (Node f : fetches) {
      assertEquals(a.get(f), b.get(f), f.name());
    }
  }

  @Test
  void aFetchedPreActivationIsNotAbsorbed() {
    Node pre = add(matmul(x, w1), b1);
    Node h = relu(pre);
    Plan plan = new Session(g, OpsPasses.standard()).compile(List.of(h, pre), List.of(x));
    assertEquals(List.of("add=matmul_bias", "relu=relu"), operations(plan));
    var r = plan.run(Map.of(x, xs));
    var reference = new Session(g, Pipeline.none()).run(Map.of(x, xs), h, pre);
    assertEquals(reference.get(pre), r.get(pre));
    assertEquals(reference.get(h), r.get(h));
  }

  @Test
  void aProductReadElsewhereIsNotAbsorbed() {
    Node product = matmul(x, w1);
    Node h = relu(add(product, b1));
    Node other = tanh(product);
    Plan plan = new Session(g, OpsPasses.standard()).compile(List.of(h, other), List.of(x));
    assertEquals(List.of("matmul=matmul", "add=add", "relu=relu", "tanh=tanh"),
        operations(plan));
  }

  @Test
  void aConvolutionWithReluBecomesOneStep() {
    Node images = g.placeholder("images", -1, 2, 5, 5);
    Node filters = g.variable("conv/w", gaussian(3, 2, 3, 3));
    Node bias = g.variable("conv/b", gaussian(3));
    Node y = relu(conv2d(images, filters, bias, Conv2dSpec.defaults().withPadding(1)));
    Node loss = mean(y);
    List<Node> fetches = new ArrayList<>(Autodiff.gradients(loss, filters, bias));
    fetches.add(y);
    Session session = new Session(g, OpsPasses.standard());
    Plan fused = session.compile(fetches, List.of(images));
    Plan asBuilt = session.compile(fetches, List.of(images), Pipeline.none());
    assertEquals(13, operations(asBuilt).size());
    // the mean is not fetched and its gradient no longer needs it (the seed is a constant)
    assertEquals(List.of("relu=conv2d_relu", "grad/mean/broadcast_like=broadcast_like",
        "grad/mean/count=count", "grad/mean/div=div", "grad/relu/relu_grad=relu_grad",
        "grad/conv2d/conv2d_filter_grad=conv2d_filter_grad", "grad/conv2d/sum=sum"),
        operations(fused));
    Tensor batch = gaussian(4, 2, 5, 5);
    var a = asBuilt.run(Map.of(images, batch));
    var b = fused.run(Map.of(images, batch));
    for (Node f : fetches) {
      assertEquals(a.get(f), b.get(f), f.name());
    }
  }

  @Test
  void aReluGradientAfterMaxPoolingJoinsThePoolingGradient() {
    // 2×2 windows (the fast path, an odd edge left over) and overlapping 3×3 ones
    for (int[] window : new int[][] {{2, 2}, {3, 1}}) {
      Graph graph = new Graph();
      Node images = graph.placeholder("images", -1, 2, 7, 7);
      Node filters = graph.variable("conv/w", gaussian(3, 2, 3, 3));
      Node bias = graph.variable("conv/b", gaussian(3));
      Node a = relu(conv2d(images, filters, bias, Conv2dSpec.defaults().withPadding(1)));
      Node loss = sum(square(maxPool2d(a, window[0], window[1])));
      List<Node> fetches = Autodiff.gradients(loss, filters, bias, images);
      Session session = new Session(graph, OpsPasses.standard());
      Plan fused = session.compile(fetches, List.of(images));
      Plan asBuilt = session.compile(fetches, List.of(images), Pipeline.none());
      List<String> ops = operations(fused);
      assertTrue(ops.contains("grad/relu/relu_grad=max_pool2d_relu_grad"), ops.toString());
      assertEquals(0, ops.stream().filter(o -> o.endsWith("=max_pool2d_grad")
          || o.endsWith("=relu_grad")).count(), ops.toString());
      Tensor batch = gaussian(3, 2, 7, 7);
      var expected = asBuilt.run(Map.of(images, batch));
      var actual = fused.run(Map.of(images, batch));
      for (Node f : fetches) {
        assertEquals(expected.get(f), actual.get(f), f.name() + " window " + window[0]);
      }
    }
  }

  @Test
  void aNonFiniteValueInAFusedStepIsTracedToTheNodeAsBuilt() {
    Node h = hidden();
    Session session = new Session(g, OpsPasses.standard());
    // finite weights (an infinite variable is blamed on the variable) that overflow in matmul
    session.assign(w1, Tensor.filled(Shape.of(4, 5), 3e38f));
    Plan plan = session.compile(List.of(h), List.of(x));
    assertEquals("matmul_bias_relu", plan.order().get(3).op().type());
    assertSame(h, plan.origin(plan.order().get(3)));
    GraphRunException e = assertThrows(GraphRunException.class, () -> plan.run(
        Map.of(x, Tensor.filled(Shape.of(1, 4), 2f)), RunOptions.forInference()
            .trappingNonFinite()));
    assertTrue(e.getMessage().startsWith("non-finite value Infinity at element 0 [0,0] of the"
        + " output f32[1,5] of matmul 'fc1/matmul' (inputs: 'x' f32[1,4], 'fc1/w' f32[4,5]);"
        + " input ranges: 'x' [2.0, 2.0] 'fc1/w' [3.0E38, 3.0E38]. The inputs are finite"),
        e.getMessage());
  }
}
