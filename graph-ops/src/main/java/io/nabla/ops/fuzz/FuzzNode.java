package io.nabla.ops.fuzz;

import io.nabla.core.tensor.Tensor;
import java.util.List;

/** One entry of a {@link FuzzGraph}: a leaf holding a value, or a step applied to earlier entries. */
public sealed interface FuzzNode permits FuzzNode.Leaf, FuzzNode.Step {

  /**
   * A placeholder fed with {@code value}; the check perturbs it when {@code differentiable},
   * otherwise only feeds it (class labels, batch norm's running statistics).
   */
  record Leaf(Tensor value, boolean differentiable) implements FuzzNode {
    public Leaf {
      value = value.copy();
    }
  }

  /** {@code builder} applied to the entries at {@code inputs}; {@code label} names it for people. */
  record Step(String label, OpBuilder builder, List<Integer> inputs) implements FuzzNode {
    public Step {
      inputs = List.copyOf(inputs);
    }
  }
}
