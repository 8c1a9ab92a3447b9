package io.nabla.core.inspect;

import io.nabla.core.autodiff.Autodiff;
import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.Scope;
import io.nabla.core.primitive.Identity;
import io.nabla.core.primitive.Primitives;
import io.nabla.core.primitive.SumLike;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The small graph the inspection tests print: a scoped forward pass whose loss reads one node
 * twice, a branch the loss does not use, and the gradient of the loss with respect to a
 * variable.
 */
final class SampleGraph {
  final Graph graph = new Graph();
  final Node x;
  final Node w;
  final Node shift;
  final Node sum;
  final Node mean;
  final Node twice;
  final Node c;
  final Node loss;
  final Node transposed;
  final Node gradW;

  SampleGraph() {
    x = graph.placeholder("x", -1, 2);
    try (Scope fc1 = graph.scope("fc1")) {
      w = graph.variable("w", Tensor.zeros(1, 2));
      shift = Primitives.broadcastLike(w, x);
      sum = Primitives.addN(x, shift);
      try (Scope bn = graph.scope("bn")) {
        mean = graph.apply("mean", new Identity(), sum);
      }
    }
    twice = Primitives.addN(mean, mean);
    c = graph.constant("c", Tensor.scalar(2f));
    loss = graph.apply("loss", new SumLike(), twice, c);
    transposed = graph.apply("t", new FakeOp("transpose", Map.of("perm", new int[] {1, 0}),
        Shape.of(2, 1)), w);
    gradW = Autodiff.gradients(loss, w).get(0);
  }

  /** An op that only has a type, attributes and a fixed output shape; it cannot run. */
  record FakeOp(String type, Map<String, Object> attributes, Shape shape) implements Op {
    @Override
    public Shape outputShape(List<Shape> inputs) {
      return shape;
    }

    @Override
    public void compute(OpContext context) {
      throw new UnsupportedOperationException(type + " is a test stand-in and cannot run");
    }

    @Override
    public List<Node> gradient(GradContext context) {
      return Collections.nCopies(context.node().inputs().size(), null);
    }

    @Override
    public boolean isDifferentiable(int index) {
      return false;
    }
  }
}
