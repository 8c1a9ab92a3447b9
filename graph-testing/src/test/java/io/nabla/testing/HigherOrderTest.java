package io.nabla.testing;

import static io.nabla.ops.Ops.add;
import static io.nabla.ops.Ops.matmul;
import static io.nabla.ops.Ops.mul;
import static io.nabla.ops.Ops.pow;
import static io.nabla.ops.Ops.softmaxCrossEntropy;
import static io.nabla.ops.Ops.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.autodiff.Autodiff;
import io.nabla.core.exec.Plan;
import io.nabla.core.exec.Results;
import io.nabla.core.exec.Session;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Scope;
import io.nabla.core.tensor.Shape;
import io.nabla.ops.Ops;
import io.nabla.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Gradients are graphs, so they can be differentiated again: second derivatives of the smooth
 * element-wise functions, and a Hessian-vector product of a small MLP loss.
 */
class HigherOrderTest {
  private static final Tensor ANY = Tensor.vector(-1.5f, -0.7f, 0.1f, 0.8f, 1.6f);
  private static final Tensor POSITIVE = Tensor.vector(0.5f, 0.9f, 1.3f, 2.0f, 3.1f);

  @Test
  void secondDerivativeOfTanh() {
    checkSecondDerivative(Ops::tanh, ANY, x -> {
      double t = Math.tanh(x);
      return -2 * t * (1 - t * t);
    });
  }

  @Test
  void secondDerivativeOfSigmoid() {
    checkSecondDerivative(Ops::sigmoid, ANY, x -> {
      double s = 1 / (1 + Math.exp(-x));
      return s * (1 - s) * (1 - 2 * s);
    });
  }

  @Test
  void secondDerivativeOfExp() {
    checkSecondDerivative(Ops::exp, ANY, Math::exp);
  }

  @Test
  void secondDerivativeOfLog() {
    checkSecondDerivative(Ops::log, POSITIVE, x -> -1 / (x * x));
  }

  @Test
  void secondDerivativeOfPowWithAWholeExponent() {
    checkSecondDerivative(x -> pow(x, 3f), ANY, x -> 6 * x);
  }

  @Test
  void secondDerivativeOfPowWithAFractionalExponent() {
    checkSecondDerivative(x -> pow(x, 2.5f), POSITIVE, x -> 2.5 * 1.5 * Math.sqrt(x));
  }

  /**
   * With {@code g = d/dx Σ f(x)}, i.e. {@code g_i = f'(x_i)}: the checker differentiates the
   * gradient graph {@code g} once more, and {@code d/dx Σ g} gives {@code f''} element-wise.
   */
  private static void checkSecondDerivative(UnaryOperator<Node> f, Tensor at,
      DoubleUnaryOperator secondDerivative) {
    Graph graph = new Graph();
    Node x = graph.placeholder("x", 5);
    Node g = Autodiff.gradients(sum(f.apply(x)), x).get(0);
    assertEquals(Shape.of(5), g.shape());
    for (long seed : new long[] {1, 2, 3}) {
      GradientCheck.of(g).wrt(x, at).seed(seed).run().assertPassed();
    }

    Node g2 = Autodiff.gradients(sum(g), x).get(0);
    Tensor value = new Session(graph).run(Map.of(x, at), g2).get(g2);
    for (int i = 0; i < at.size(); i++) {
      double expected = secondDerivative.applyAsDouble(at.get(i));
      assertEquals(expected, value.get(i), 1e-5 * Math.max(1, Math.abs(expected)),
          "f''(" + at.get(i) + ")");
    }
  }

  /** A 3-5-3 tanh MLP with its loss on a fixed batch. */
  private static final class Mlp {
    final Graph graph = new Graph();
    final List<Node> params = new ArrayList<>();
    final Node loss;

    Mlp(Random random) {
      Tensor batch = Tensor.fromFunction(Shape.of(6, 3), i -> random.nextGaussian());
      Node x = graph.constant("x", batch);
      Node labels = graph.constant("labels", Tensor.vector(0, 1, 2, 2, 1, 0));
      Node h;
      try (Scope s = graph.scope("fc1")) {
        Node w = param("w", gaussian(random, 3, 5));
        Node b = param("b", gaussian(random, 5));
        h = Ops.tanh(add(matmul(x, w), b));
      }
      Node logits;
      try (Scope s = graph.scope("fc2")) {
        Node w = param("w", gaussian(random, 5, 3));
        Node b = param("b", gaussian(random, 3));
        logits = add(matmul(h, w), b);
      }
      loss = softmaxCrossEntropy(logits, labels);
    }

    private Node param(String name, Tensor initial) {
      Node p = graph.variable(name, initial);
      params.add(p);
      return p;
    }
  }

  /**
   * H·v from the graph ({@code d/dw (∇L · v)}) against central differences of the gradient
   * along v: {@code (∇L(w + hv) − ∇L(w − hv)) / 2h}, with every parameter moved at once.
   */
  @Test
  void hessianVectorProductOfAnMlpMatchesDifferencesOfTheGradient() {
    for (long seed : new long[] {1, 2, 3}) {
      Random random = new Random(seed);
      Mlp mlp = new Mlp(random);
      Graph graph = mlp.graph;
      List<Node> params = mlp.params;
      List<Node> grads = Autodiff.gradients(mlp.loss, params);

      List<Tensor> v = new ArrayList<>();
      Node gradDotV = null;
      for (int p = 0; p < params.size(); p++) {
        v.add(gaussian(random, params.get(p).shape().dims()));
        Node term = sum(mul(grads.get(p), graph.constant(v.get(p))));
        gradDotV = gradDotV == null ? term : add(gradDotV, term);
      }
      List<Node> hv = Autodiff.gradients(gradDotV, params);

      Session session = new Session(graph);
      Results symbolic = session.compile(hv, List.of()).run(Map.of());
      Plan gradient = session.compile(grads, List.of());
      List<Tensor> w0 = params.stream().map(session::value).toList();
      double h = 1e-2;
      Results plus = runMoved(session, gradient, params, w0, v, h);
      Results minus = runMoved(session, gradient, params, w0, v, -h);

      for (int p = 0; p < params.size(); p++) {
        Tensor a = symbolic.get(hv.get(p));
        Tensor up = plus.get(grads.get(p));
        Tensor down = minus.get(grads.get(p));
        assertEquals(params.get(p).shape(), a.shape());
        for (int i = 0; i < a.size(); i++) {
          double numeric = (up.get(i) - (double) down.get(i)) / (2 * h);
          double analytic = a.get(i);
          assertTrue(Math.abs(analytic - numeric)
                  <= 1e-2 * Math.max(Math.abs(analytic), Math.abs(numeric)) + 1e-4,
              "seed " + seed + " (H·v) of " + params.get(p).name() + " element " + i
                  + ": symbolic " + analytic + " vs differences " + numeric);
        }
      }
    }
  }

  /** The gradient with every parameter at {@code w0 + h·v}; parameters are restored after. */
  private static Results runMoved(Session session, Plan gradient, List<Node> params,
      List<Tensor> w0, List<Tensor> v, double h) {
    for (int p = 0; p < params.size(); p++) {
      Tensor w = w0.get(p);
      Tensor dir = v.get(p);
      session.assign(params.get(p),
          Tensor.fromFunction(w.shape(), i -> w.get(i) + h * dir.get(i)));
    }
    Results r = gradient.run(Map.of());
    for (int p = 0; p < params.size(); p++) {
      session.assign(params.get(p), w0.get(p));
    }
    return r;
  }

  private static Tensor gaussian(Random random, int... dims) {
    return Tensor.fromFunction(Shape.of(dims), i -> random.nextGaussian());
  }
}
