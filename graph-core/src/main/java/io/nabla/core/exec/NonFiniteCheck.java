package io.nabla.core.exec;

import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;

/**
 * Finds the first NaN or infinity in a value and reports where it came from: the op that made
 * it (with its inputs' shapes and value ranges), or the placeholder, variable or constant that
 * already held it.
 */
final class NonFiniteCheck {
  private NonFiniteCheck() {}

  /**
   * Checks the output of an op node whose inputs were {@code inputs}; {@code note} follows the
   * node's description (says when the step was rewritten by the plan's passes).
   */
  static void check(Node node, Tensor[] inputs, Tensor out, String note) {
    int at = firstNonFinite(out);
    if (at < 0) {
      return;
    }
    StringBuilder sb = new StringBuilder(where(out, at)).append(" of the output ")
        .append(out.shape().describe()).append(" of ").append(PlanMessages.describe(node, inputs))
        .append(note).append("; input ranges:");
    boolean inputsFinite = true;
    for (int k = 0; k < inputs.length; k++) {
      sb.append(' ').append('\'').append(node.input(k).name()).append("' ")
          .append(range(inputs[k]));
      inputsFinite &= firstNonFinite(inputs[k]) < 0;
    }
    sb.append(inputsFinite
        ? ". The inputs are finite, so this op made it: look for a log or square root of 0, a"
            + " division by 0 or an overflow; a lower learning rate, gradient clipping or an"
            + " epsilon usually fixes it"
        : ". An input already held a non-finite value");
    throw new GraphRunException(sb.toString());
  }

  /**
   * Checks the value of a source node (placeholder, variable or constant), so that a NaN that
   * comes in is blamed on where it came from rather than on the first op that reads it.
   */
  static void checkSource(Node source, Tensor value) {
    int at = firstNonFinite(value);
    if (at < 0) {
      return;
    }
    String fix = switch (source.kind()) {
      case PLACEHOLDER -> "it was fed so; clean the input before running";
      case VARIABLE -> "the variable holds it; an earlier update diverged or it was assigned so"
          + " (lower the learning rate, clip gradients, or reinitialise it)";
      default -> "give the constant finite values";
    };
    throw new GraphRunException(where(value, at) + " of " + source.describe() + " "
        + value.shape().describe() + ": " + fix);
  }

  /** {@code non-finite value NaN at element 4 [1,1]}. */
  private static String where(Tensor t, int at) {
    String s = "non-finite value " + t.data()[at] + " at element " + at;
    return t.shape().rank() > 1 ? s + " " + index(t.shape(), at) : s;
  }

  private static String index(Shape shape, int flat) {
    int[] strides = shape.strides();
    StringBuilder sb = new StringBuilder("[");
    for (int d = 0; d < strides.length; d++) {
      sb.append(d == 0 ? "" : ",").append(flat / strides[d]);
      flat %= strides[d];
    }
    return sb.append(']').toString();
  }

  private static int firstNonFinite(Tensor t) {
    float[] d = t.data();
    int n = t.size();
    for (int i = 0; i < n; i++) {
      if (!Float.isFinite(d[i])) {
        return i;
      }
    }
    return -1;
  }

  private static String range(Tensor t) {
    float lo = Float.POSITIVE_INFINITY;
    float hi = Float.NEGATIVE_INFINITY;
    boolean nan = false;
    float[] d = t.data();
    int n = t.size();
    for (int i = 0; i < n; i++) {
      if (Float.isNaN(d[i])) {
        nan = true;
      } else {
        lo = Math.min(lo, d[i]);
        hi = Math.max(hi, d[i]);
      }
    }
    if (n == 0) {
      return "(empty)";
    }
    if (lo > hi) {
      return "all NaN";
    }
    return "[" + lo + ", " + hi + "]" + (nan ? " with NaN" : "");
  }
}
