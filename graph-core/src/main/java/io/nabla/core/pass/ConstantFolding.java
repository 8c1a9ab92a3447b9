package io.nabla.core.pass;

import io.nabla.core.graph.Constant;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.NodeKind;
import io.nabla.core.graph.Op;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.List;

/**
 * Computes once, while compiling, every operation whose inputs are all constants (after the
 * earlier rewrites), and stores the result as a constant. Never an op that depends on the run
 * ({@link Op#dependsOnRun()}: training flag, random stream), never variables or placeholders.
 * A node whose computation fails is left to fail at run time, with the usual message.
 */
public final class ConstantFolding {
  private ConstantFolding() {}

  /** The pass. */
  public static Pass pass() {
    return Pass.of("constant-folding", ConstantFolding::fold);
  }

  static Node fold(Node node, Rewriter r) {
    Op op = node.op();
    if (node.kind() != NodeKind.OPERATION || op.dependsOnRun() || node.inputs().isEmpty()) {
      return null;
    }
    List<Node> inputs = r.mappedInputs(node);
    if (!inputs.stream().allMatch(n -> n.kind() == NodeKind.CONSTANT)) {
      return null;
    }
    List<Tensor> values = inputs.stream().map(n -> ((Constant) n.op()).value()).toList();
    try {
      Shape shape = op.outputShape(values.stream().map(Tensor::shape).toList());
      if (!shape.isKnown() || shape.size() > Simplification.MAX_FOLDED_SIZE) {
        return null;
      }
      Tensor out = Tensor.zeros(shape);
      op.compute(new FoldingContext(node, values, out));
      return r.constant(out);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
