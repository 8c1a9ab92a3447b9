package io.nabla.testing;

import com.google.common.base.Preconditions;
import io.nabla.core.autodiff.Autodiff;
import io.nabla.core.exec.Plan;
import io.nabla.core.exec.RunOptions;
import io.nabla.core.exec.Session;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.NodeKind;
import io.nabla.core.graph.Op;
import io.nabla.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Finite-difference check of symbolic gradients, for built-in and custom ops alike.
 *
 * <p>The output {@code y} is reduced to {@code f = sum(y * r)} with a fixed random {@code r}, so
 * every output element counts. The symbolic gradient of {@code f} (autodiff with seed {@code r})
 * is compared with central differences: element by element for small inputs, along random
 * directions for large ones. Where the two disagree the difference is taken again with a step ten
 * times smaller; if the two differences disagree with each other the point sits near a kink (ReLU
 * at 0, a tie in a max) and is skipped rather than failed. If they agree with each other but not
 * with the symbolic value, the forward and backward one-sided slopes decide: they differ only
 * when the point sits right on a kink (two exactly or almost tied maxima), which is skipped too.
 *
 * <pre>{@code
 * GradientCheck.ofOp(new MyOp(), x, w).run().assertPassed();
 * }</pre>
 */
public final class GradientCheck {
  private final Node output;
  private final Map<Node, Tensor> wrt = new LinkedHashMap<>();
  private final Map<Node, Tensor> feeds = new HashMap<>();
  private double step = 1e-2;
  private double rtol = 1e-2;
  private double atol = 1e-3;
  private int maxElements = 64;
  private int directions = 12;
  private long seed = 42;
  private boolean training;

  private GradientCheck(Node output) {
    this.output = output;
  }

  /** Checks the gradients of {@code output}; name what to differentiate with {@link #wrt}. */
  public static GradientCheck of(Node output) {
    return new GradientCheck(output);
  }

  /** The node whose gradients are checked (its graph holds the ops the check covers). */
  public Node output() {
    return output;
  }

  /**
   * Applies {@code op} to placeholders holding {@code inputs} in a fresh graph and checks the
   * gradient of every differentiable input; the others are only fed.
   */
  public static GradientCheck ofOp(Op op, Tensor... inputs) {
    Graph g = new Graph();
    List<Node> ph = new ArrayList<>();
    for (int i = 0; i < inputs.length; i++) {
      ph.add(g.placeholder("x" + i, inputs[i].shape()));
    }
    GradientCheck check = new GradientCheck(g.apply(op, ph));
    for (int i = 0; i < inputs.length; i++) {
      if (op.isDifferentiable(i)) {
        check.wrt(ph.get(i), inputs[i]);
      } else {
        check.feed(ph.get(i), inputs[i]);
      }
    }
    return check;
  }

  /** Differentiate with respect to {@code node} (a placeholder or variable) at {@code value}. */
  public GradientCheck wrt(Node node, Tensor value) {
    Preconditions.checkArgument(node.kind() == NodeKind.PLACEHOLDER
        || node.kind() == NodeKind.VARIABLE,
        "%s: only placeholders and variables can be perturbed", node.describe());
    wrt.put(node, value.copy());
    return this;
  }

  /** Feed {@code placeholder} with {@code value} without checking its gradient. */
  public GradientCheck feed(Node placeholder, Tensor value) {
    feeds.put(placeholder, value.copy());
    return this;
  }

  /** Finite-difference step, relative to {@code max(1, |x|)}; default 1e-2. */
  public GradientCheck step(double h) {
    this.step = h;
    return this;
  }

  /** Pass when {@code |a - n| <= atol + rtol * max(|a|, |n|)}; default 1e-2 and 1e-3. */
  public GradientCheck tolerance(double relative, double absolute) {
    this.rtol = relative;
    this.atol = absolute;
    return this;
  }

  /** Inputs with more elements are checked along random directions; default 64. */
  public GradientCheck maxElements(int n) {
    this.maxElements = n;
    return this;
  }

  /** Number of random directions for large inputs; default 12. */
  public GradientCheck directions(int n) {
    this.directions = n;
    return this;
  }

  /** Seed of the projection and directions (and of the runs); default 42. */
  public GradientCheck seed(long s) {
    this.seed = s;
    return this;
  }

  /** Run in training mode (same seed every evaluation, so dropout masks agree). */
  public GradientCheck training(boolean t) {
    this.training = t;
    return this;
  }

  /** Builds the gradient nodes, evaluates both sides and reports. */
  public GradientCheckReport run() {
    Preconditions.checkState(!wrt.isEmpty(), "gradient check of %s: nothing to differentiate;"
        + " name inputs with wrt(node, value)", output.describe());
    Graph g = output.graph();
    Session session = new Session(g);
    RunOptions options = (training ? RunOptions.forTraining() : RunOptions.forInference())
        .withSeed(seed);
    Random random = new Random(seed);
    Map<Node, Tensor> base = new HashMap<>(feeds);
    wrt.forEach((n, v) -> place(session, base, n, v));

    Tensor y = session.compile(List.of(output), base.keySet()).run(base, options).get(output);
    Tensor r = Tensor.fromFunction(y.shape(), i -> random.nextGaussian());
    Node seedNode = g.placeholder(freeName(g), output.shape());
    List<Node> wrtNodes = new ArrayList<>(wrt.keySet());
    List<Node> grads = Autodiff.gradients(output, seedNode, wrtNodes);

    Map<Node, Tensor> withSeed = new HashMap<>(base);
    withSeed.put(seedNode, r);
    var analytic = session.compile(grads, withSeed.keySet()).run(withSeed, options);
    Plan forward = session.compile(List.of(output), base.keySet());
    Objective f = values -> {
      Map<Node, Tensor> fd = new HashMap<>(base);
      values.forEach((n, v) -> place(session, fd, n, v));
      Tensor out = forward.run(fd, options).get(output);
      double acc = 0;
      for (int i = 0; i < out.size(); i++) {
        acc += (double) out.get(i) * r.get(i);
      }
      values.forEach((n, v) -> place(session, fd, n, wrt.get(n)));
      return acc;
    };

    GradientCheckReport report = new GradientCheckReport(output.describe());
    for (int k = 0; k < wrtNodes.size(); k++) {
      Node x = wrtNodes.get(k);
      Tensor grad = analytic.get(grads.get(k));
      if (wrt.get(x).size() <= maxElements) {
        checkElements(f, x, grad, report);
      } else {
        checkDirections(f, x, grad, random, report);
      }
    }
    return report;
  }

  private void checkElements(Objective f, Node x, Tensor grad, GradientCheckReport report) {
    Tensor x0 = wrt.get(x);
    for (int i = 0; i < x0.size(); i++) {
      Tensor v = Tensor.zeros(x0.shape());
      v.data()[i] = 1f;
      double h = step * Math.max(1.0, Math.abs(x0.get(i)));
      compare(f, x, v, h, grad.get(i), "element " + i, report);
    }
  }

  private void checkDirections(Objective f, Node x, Tensor grad, Random random,
      GradientCheckReport report) {
    Tensor x0 = wrt.get(x);
    double scale = 1.0;
    for (int i = 0; i < x0.size(); i++) {
      scale = Math.max(scale, Math.abs(x0.get(i)));
    }
    for (int d = 0; d < directions; d++) {
      Tensor v = Tensor.fromFunction(x0.shape(), i -> random.nextGaussian());
      double norm = 0;
      for (int i = 0; i < v.size(); i++) {
        norm += (double) v.get(i) * v.get(i);
      }
      double dot = 0;
      for (int i = 0; i < v.size(); i++) {
        v.data()[i] /= (float) Math.sqrt(norm);
        dot += (double) v.get(i) * grad.get(i);
      }
      compare(f, x, v, step * scale, dot, "direction " + d, report);
    }
  }

  private void compare(Objective f, Node x, Tensor v, double h, double analytic, String where,
      GradientCheckReport report) {
    double numeric = central(f, x, v, h);
    if (close(analytic, numeric)) {
      report.passed();
      return;
    }
    double finer = central(f, x, v, h / 10);
    if (!close(numeric, finer) && !close(analytic, finer)) {
      report.skippedKink("'" + x.name() + "' " + where);
      return;
    }
    if (close(analytic, finer)) {
      report.passed();
      return;
    }
    // Both steps agree, against the symbolic value: a wrong gradient, or a point exactly on a
    // kink (a tie in a max), where every central difference is the mean of the two one-sided
    // slopes. Only at a kink do the one-sided slopes differ.
    if (!close(oneSided(f, x, v, h / 10), oneSided(f, x, v, -h / 10))) {
      report.skippedKink("'" + x.name() + "' " + where + " (one-sided slopes differ)");
      return;
    }
    report.failed("'" + x.name() + "' " + where + ": symbolic " + analytic + " vs numeric "
        + numeric + " (|Δ| " + Math.abs(analytic - numeric) + ")");
  }

  private boolean close(double a, double b) {
    return Math.abs(a - b) <= atol + rtol * Math.max(Math.abs(a), Math.abs(b));
  }

  private double central(Objective f, Node x, Tensor v, double h) {
    Tensor x0 = wrt.get(x);
    Tensor plus = x0.copy();
    Tensor minus = x0.copy();
    for (int i = 0; i < x0.size(); i++) {
      plus.data()[i] += (float) (h * v.get(i));
      minus.data()[i] -= (float) (h * v.get(i));
    }
    // the step actually taken in float32, not the one asked for
    double taken = 0;
    double norm = 0;
    for (int i = 0; i < x0.size(); i++) {
      taken += ((double) plus.get(i) - minus.get(i)) * v.get(i);
      norm += (double) v.get(i) * v.get(i);
    }
    return (f.at(Map.of(x, plus)) - f.at(Map.of(x, minus))) / (taken / norm);
  }

  /** The slope from x to {@code x + h·v}; h may be negative. */
  private double oneSided(Objective f, Node x, Tensor v, double h) {
    Tensor x0 = wrt.get(x);
    Tensor moved = x0.copy();
    for (int i = 0; i < x0.size(); i++) {
      moved.data()[i] += (float) (h * v.get(i));
    }
    double taken = 0;
    double norm = 0;
    for (int i = 0; i < x0.size(); i++) {
      taken += ((double) moved.get(i) - x0.get(i)) * v.get(i);
      norm += (double) v.get(i) * v.get(i);
    }
    return (f.at(Map.of(x, moved)) - f.at(Map.of())) / (taken / norm);
  }

  private static void place(Session session, Map<Node, Tensor> feedMap, Node n, Tensor v) {
    if (n.kind() == NodeKind.VARIABLE) {
      session.assign(n, v);
    } else {
      feedMap.put(n, v);
    }
  }

  private static String freeName(Graph g) {
    for (int i = 0; ; i++) {
      String name = "gradient_check/seed_" + i;
      if (g.find(name).isEmpty()) {
        return name;
      }
    }
  }

  /** The scalar {@code sum(y * r)} as a function of the perturbed inputs. */
  @FunctionalInterface
  private interface Objective {
    double at(Map<Node, Tensor> values);
  }
}
