package io.nabla.samples;

import static io.nabla.ops.Ops.add;
import static io.nabla.ops.Ops.matmul;
import static io.nabla.ops.Ops.softmaxCrossEntropy;
import static io.nabla.ops.Ops.tanh;

import io.nabla.core.autodiff.Autodiff;
import io.nabla.core.exec.Plan;
import io.nabla.core.exec.Results;
import io.nabla.core.exec.Session;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Scope;
import io.nabla.core.inspect.Dot;
import io.nabla.core.inspect.GraphText;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The course's first lesson on the graph: a linear model cannot separate XOR, one hidden tanh
 * layer can. Both are built from ops, differentiated by autodiff and trained by plain gradient
 * descent; the MLP's forward+backward graph is written as DOT and as text.
 */
final class XorSample {
  private static final Tensor X = Tensor.matrix(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
  private static final Tensor Y = Tensor.vector(0, 1, 1, 0);
  private static final int STEPS = 2000;
  private static final float LEARNING_RATE = 0.5f;

  private XorSample() {}

  static void run(Path out) throws IOException {
    Files.createDirectories(out);
    long start = System.nanoTime();
    Model linear = train(0);
    Model mlp = train(8);
    System.out.printf(Locale.ROOT, "logistic regression: loss %.4f, accuracy %.2f%n",
        linear.loss, linear.accuracy);
    System.out.printf(Locale.ROOT, "MLP 2-8-2 (tanh):    loss %.4f, accuracy %.2f%n",
        mlp.loss, mlp.accuracy);
    Files.writeString(out.resolve("mlp-graph.dot"), mlp.dot);
    Files.writeString(out.resolve("mlp-graph.txt"), mlp.text);
    System.out.println("wrote " + out.resolve("mlp-graph.dot") + " (render: dot -Tsvg "
        + out.resolve("mlp-graph.dot") + " -o mlp-graph.svg)");
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "RESULT {\"sample\":\"xor\",\"dataset\":\"xor\",\"epochs\":%d,"
        + "\"train_accuracy\":%.4f,\"linear_train_accuracy\":%.4f,\"seconds\":%.3f}%n",
        STEPS, mlp.accuracy, linear.accuracy, seconds);
  }

  private record Model(float loss, double accuracy, String dot, String text) {}

  /** Trains a classifier with {@code hidden} tanh units; 0 gives logistic regression. */
  private static Model train(int hidden) {
    Random random = new Random(1);
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 2);
    Node y = g.placeholder("y", -1);
    List<Node> params = new ArrayList<>();
    Node h = x;
    if (hidden > 0) {
      h = tanh(dense(g, "fc1", x, 2, hidden, random, params));
    }
    Node logits = dense(g, "out", h, hidden > 0 ? hidden : 2, 2, random, params);
    Node loss = softmaxCrossEntropy(logits, y);
    List<Node> grads = Autodiff.gradients(loss, params);

    Session session = new Session(g);
    List<Node> fetches = new ArrayList<>(grads);
    fetches.add(loss);
    Plan step = session.compile(fetches, List.of(x, y));
    float last = Float.NaN;
    for (int i = 0; i < STEPS; i++) {
      Results r = step.run(Map.of(x, X, y, Y));
      last = r.scalar(loss);
      for (int k = 0; k < params.size(); k++) {
        float[] p = session.state(params.get(k)).data();
        float[] d = r.get(grads.get(k)).data();
        for (int j = 0; j < p.length; j++) {
          p[j] -= LEARNING_RATE * d[j];
        }
      }
    }
    Tensor scores = session.run(Map.of(x, X), logits).get(logits);
    int correct = 0;
    for (int i = 0; i < Y.size(); i++) {
      int predicted = scores.at(i, 1) > scores.at(i, 0) ? 1 : 0;
      correct += predicted == (int) Y.get(i) ? 1 : 0;
    }
    List<Node> shown = new ArrayList<>(grads);
    shown.add(loss);
    return new Model(last, correct / (double) Y.size(), Dot.ancestorsOf(shown),
        GraphText.ancestorsOf(shown));
  }

  private static Node dense(Graph g, String name, Node in, int fanIn, int fanOut, Random random,
      List<Node> params) {
    try (Scope s = g.scope(name)) {
      Node w = g.variable("w", Tensor.fromFunction(Shape.of(fanIn, fanOut),
          i -> random.nextGaussian()));
      Node b = g.variable("b", Tensor.zeros(fanOut));
      params.add(w);
      params.add(b);
      return add(matmul(in, w), b);
    }
  }
}
