package io.nabla.ops;

import static io.nabla.ops.Ops.add;
import static io.nabla.ops.NnOps.batchNorm;
import static io.nabla.ops.NnOps.conv2d;
import static io.nabla.ops.NnOps.dropout;
import static io.nabla.ops.NnOps.flatten;
import static io.nabla.ops.Ops.matmul;
import static io.nabla.ops.NnOps.maxPool2d;
import static io.nabla.ops.Ops.relu;
import static io.nabla.ops.Ops.softmaxCrossEntropy;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.autodiff.Autodiff;
import io.nabla.core.exec.Plan;
import io.nabla.core.exec.Results;
import io.nabla.core.exec.RunOptions;
import io.nabla.core.exec.Session;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Scope;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.ops.nn.BatchNormNodes;
import io.nabla.ops.nn.Conv2dSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * End to end on the graph alone: two conv+pool blocks with batch norm, dropout and a dense
 * head, trained by hand-written SGD with momentum on generated 12×12 images of four kinds of
 * stroke (horizontal, vertical, diagonal, anti-diagonal) at random places in noise.
 */
class CnnTrainingTest {
  private static final int SIZE = 12;
  private static final int CLASSES = 4;

  @Test
  void smallCnnLearnsToTellStrokesApart() {
    Random random = new Random(7);
    Tensor[] train = images(800, random);
    Tensor[] test = images(400, random);

    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 1, SIZE, SIZE);
    Node y = g.placeholder("y", -1);
    List<Node> params = new ArrayList<>();
    List<Node[]> running = new ArrayList<>();
    Node h = block(g, "block1", x, 1, 8, random, params, running);
    h = block(g, "block2", h, 8, 16, random, params, running);
    h = dropout(flatten(h), 0.25f);
    Node logits;
    try (Scope s = g.scope("head")) {
      int in = h.shape().dim(1);
      Node w = param(g, "weight", Shape.of(in, CLASSES), in, random, params);
      Node b = g.variable("bias", Tensor.zeros(CLASSES));
      params.add(b);
      logits = add(matmul(h, w), b);
    }
    Node loss = softmaxCrossEntropy(logits, y);
    List<Node> grads = Autodiff.gradients(loss, params);

    Session session = new Session(g);
    List<Node> fetches = new ArrayList<>(grads);
    fetches.add(loss);
    running.forEach(r -> fetches.add(r[1]));
    Plan step = session.compile(fetches, List.of(x, y));
    Map<Node, float[]> velocity = new java.util.HashMap<>();
    Tensor meanBefore = session.value(running.get(0)[0]);
    float firstLoss = Float.NaN;
    float lastLoss = Float.NaN;
    int batch = 32;
    for (int epoch = 0; epoch < 6; epoch++) {
      for (int start = 0; start + batch <= 800; start += batch) {
        Results r = step.run(Map.of(x, rows(train[0], start, batch), y,
            rows(train[1], start, batch)), RunOptions.forTraining().withSeed(epoch * 100 + start));
        lastLoss = r.scalar(loss);
        firstLoss = Float.isNaN(firstLoss) ? lastLoss : firstLoss;
        for (int i = 0; i < params.size(); i++) {
          float[] p = session.state(params.get(i)).data();
          float[] d = r.get(grads.get(i)).data();
          float[] v = velocity.computeIfAbsent(params.get(i), k -> new float[p.length]);
          for (int k = 0; k < p.length; k++) {
            v[k] = 0.9f * v[k] + d[k];
            p[k] -= 0.02f * v[k];
          }
        }
        for (Node[] stat : running) {
          float[] state = session.state(stat[0]).data();
          float[] now = r.get(stat[1]).data();
          for (int k = 0; k < state.length; k++) {
            state[k] = 0.9f * state[k] + 0.1f * now[k];
          }
        }
      }
    }
    assertTrue(lastLoss < firstLoss / 3, "loss fell from " + firstLoss + " to " + lastLoss);
    assertFalse(meanBefore.allClose(session.value(running.get(0)[0]), 1e-6f),
        "batch norm's running mean moved");
    Tensor scores = session.run(Map.of(x, test[0]), logits).get(logits);
    int correct = 0;
    for (int i = 0; i < 400; i++) {
      int best = 0;
      for (int c = 1; c < CLASSES; c++) {
        best = scores.at(i, c) > scores.at(i, best) ? c : best;
      }
      correct += best == (int) test[1].get(i) ? 1 : 0;
    }
    double accuracy = correct / 400.0;
    assertTrue(accuracy > 0.9, "test accuracy " + accuracy + " (chance is 0.25)");
  }

  /** conv 3×3 (same) → batch norm → relu → 2×2 max pool; registers running statistics. */
  private static Node block(Graph g, String name, Node in, int cin, int cout, Random random,
      List<Node> params, List<Node[]> running) {
    try (Scope s = g.scope(name)) {
      Node w = param(g, "weight", Shape.of(cout, cin, 3, 3), cin * 9, random, params);
      Node gamma = g.variable("gamma", Tensor.filled(Shape.of(cout), 1f));
      Node beta = g.variable("beta", Tensor.zeros(cout));
      params.add(gamma);
      params.add(beta);
      Node mean = g.variable("running_mean", Tensor.zeros(cout));
      Node var = g.variable("running_var", Tensor.filled(Shape.of(cout), 1f));
      Node c = conv2d(in, w, Conv2dSpec.defaults().withPadding(1));
      BatchNormNodes bn = batchNorm(c, gamma, beta, mean, var, 1e-5f);
      running.add(new Node[] {mean, bn.batchMean()});
      running.add(new Node[] {var, bn.batchVariance()});
      return maxPool2d(relu(bn.output()), 2, 2);
    }
  }

  private static Node param(Graph g, String name, Shape shape, int fanIn, Random random,
      List<Node> params) {
    double std = Math.sqrt(2.0 / fanIn);
    Node v = g.variable(name, Tensor.fromFunction(shape, i -> random.nextGaussian() * std));
    params.add(v);
    return v;
  }

  /** {@code n} images [n,1,12,12] and labels [n]: a stroke of length 6 in noise. */
  private static Tensor[] images(int n, Random r) {
    Tensor x = Tensor.zeros(n, 1, SIZE, SIZE);
    Tensor labels = Tensor.zeros(n);
    float[] d = x.data();
    for (int i = 0; i < n; i++) {
      int kind = i % CLASSES;
      labels.data()[i] = kind;
      int base = i * SIZE * SIZE;
      for (int p = 0; p < SIZE * SIZE; p++) {
        d[base + p] = (float) (r.nextGaussian() * 0.15);
      }
      int row = 3 + r.nextInt(SIZE - 6);
      int col = 3 + r.nextInt(SIZE - 6);
      for (int t = -3; t < 3; t++) {
        int yy = kind == 1 ? row + t : kind == 0 ? row : row + t;
        int xx = kind == 0 ? col + t : kind == 1 ? col : kind == 2 ? col + t : col - t;
        d[base + yy * SIZE + xx] += 1f;
      }
    }
    return new Tensor[] {x, labels};
  }

  private static Tensor rows(Tensor t, int start, int count) {
    int[] dims = t.shape().dims();
    int per = t.size() / dims[0];
    dims[0] = count;
    float[] out = new float[per * count];
    System.arraycopy(t.data(), start * per, out, 0, out.length);
    return Tensor.of(Shape.of(dims), out);
  }
}
