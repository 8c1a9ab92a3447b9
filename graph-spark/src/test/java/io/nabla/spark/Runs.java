package io.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nabla.core.graph.Node;
import io.nabla.nn.model.Model;
import java.util.ArrayList;
import java.util.List;

/** Comparisons of two models' variables. */
final class Runs {
  private Runs() {}

  static List<Node> variables(Model m) {
    List<Node> v = new ArrayList<>();
    m.parameters().forEach(p -> v.add(p.variable()));
    v.addAll(m.states());
    return v;
  }

  static void assertBitIdentical(Model expected, Model actual) {
    List<Node> vars = variables(expected);
    assertEquals(vars.size(), variables(actual).size());
    for (Node v : vars) {
      assertArrayEquals(expected.session().value(v).toArray(),
          actual.session().value(actual.graph().node(v.name())).toArray(), 0f, v.name());
    }
  }

  /** The largest ‖a − b‖ / ‖b‖ over the parameters. */
  static double maxRelativeDifference(Model a, Model b) {
    double worst = 0;
    for (Node v : variables(b)) {
      float[] x = a.session().value(a.graph().node(v.name())).toArray();
      float[] y = b.session().value(v).toArray();
      double diff = 0;
      double norm = 0;
      for (int i = 0; i < y.length; i++) {
        diff += (double) (x[i] - y[i]) * (x[i] - y[i]);
        norm += (double) y[i] * y[i];
      }
      worst = Math.max(worst, Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-30));
    }
    return worst;
  }
}
