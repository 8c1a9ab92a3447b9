package io.nabla.core.exec;

import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Tensor;

/** Finds the first NaN or infinity in an output and reports where it came from. */
final class NonFiniteCheck {
  private NonFiniteCheck() {}

  static void check(Node node, Tensor[] inputs, Tensor out, String note) {
    float[] d = out.data();
    int n = out.size();
    for (int i = 0; i < n; i++) {
      if (!Float.isFinite(d[i])) {
        StringBuilder sb = new StringBuilder("non-finite value ").append(d[i])
            .append(" at element ").append(i).append(" of the output ")
            .append(out.shape().describe()).append(" of ").append(Plan.describe(node, inputs))
            .append(note)
            .append("; input ranges:");
        for (int k = 0; k < inputs.length; k++) {
          sb.append(' ').append('\'').append(node.input(k).name()).append("' ")
              .append(range(inputs[k]));
        }
        throw new GraphRunException(sb.toString());
      }
    }
  }

  private static String range(Tensor t) {
    float lo = Float.POSITIVE_INFINITY;
    float hi = Float.NEGATIVE_INFINITY;
    boolean nan = false;
    float[] d = t.data();
    for (int i = 0; i < t.size(); i++) {
      if (Float.isNaN(d[i])) {
        nan = true;
      } else {
        lo = Math.min(lo, d[i]);
        hi = Math.max(hi, d[i]);
      }
    }
    return "[" + lo + ", " + hi + "]" + (nan ? " with NaN" : "");
  }
}
