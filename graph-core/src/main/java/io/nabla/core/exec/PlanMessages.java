package io.nabla.core.exec;

import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.stream.Collectors;

/** The wording of a plan's errors: which step, with which input shapes, for which fetches. */
final class PlanMessages {
  private PlanMessages() {}

  /** Names the fetches that depend on {@code source}, for a missing-feed message. */
  static String neededBy(List<Node> fetches, Node source) {
    List<String> users = new ArrayList<>();
    for (Node f : fetches) {
      if (dependsOn(f, source)) {
        users.add("'" + f.name() + "'");
      }
    }
    return String.join(", ", users);
  }

  private static boolean dependsOn(Node node, Node source) {
    BitSet seen = new BitSet();
    List<Node> stack = new ArrayList<>(List.of(node));
    while (!stack.isEmpty()) {
      Node n = stack.remove(stack.size() - 1);
      if (n == source) {
        return true;
      }
      if (!seen.get(n.id())) {
        seen.set(n.id());
        stack.addAll(n.inputs());
      }
    }
    return false;
  }

  /**
   * {@code 'loss', 'out' and 6 more with feeds 'x' f32[64,784], 'y' f32[64]}: the run of
   * {@code fetches} whose fed slots of {@code order} hold {@code fedValues}.
   */
  static String describeRun(List<Node> fetches, Node[] order, int[] fedSlots,
      Tensor[] fedValues) {
    int shown = Math.min(fetches.size(), 3);
    StringBuilder sb = new StringBuilder(fetches.subList(0, shown).stream()
        .map(n -> "'" + n.name() + "'").collect(Collectors.joining(", ")));
    if (fetches.size() > shown) {
      sb.append(" and ").append(fetches.size() - shown).append(" more");
    }
    sb.append(fedSlots.length == 0 ? " with no feeds" : " with feeds ");
    for (int k = 0; k < fedSlots.length; k++) {
      Node p = order[fedSlots[k]];
      sb.append(k == 0 ? "" : ", ").append('\'').append(p.name()).append("' ")
          .append(fedValues[fedSlots[k]].shape().describe());
    }
    return sb.toString();
  }

  /** The step and its input values' shapes. */
  static String describe(Node node, Tensor[] inputs) {
    return describeShapes(node, Arrays.stream(inputs).map(Tensor::shape).toList());
  }

  /** {@code 'h' (matmul) (inputs: 'x' f32[64,784], 'w' f32[784,10]) [in the gradient of …]}. */
  static String describeShapes(Node node, List<Shape> inputs) {
    StringBuilder sb = new StringBuilder(node.describe()).append(" (inputs: ");
    for (int k = 0; k < inputs.size(); k++) {
      sb.append(k == 0 ? "" : ", ").append('\'').append(node.input(k).name()).append("' ")
          .append(inputs.get(k).describe());
    }
    sb.append(')');
    node.gradientOf().ifPresent(f -> sb.append(" [in the gradient of ").append(f.describe())
        .append(']'));
    return sb.toString();
  }
}
