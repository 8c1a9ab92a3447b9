package io.nabla.testing.fuzz;

import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.List;

/** One entry of a {@link FuzzGraph}: a leaf holding a value, or a step applied to earlier entries. */
public sealed interface FuzzNode permits FuzzNode.Leaf, FuzzNode.Step {

  /**
   * A placeholder fed with {@code value}; the check perturbs it when {@code differentiable},
   * otherwise only feeds it (class labels, batch norm's running statistics). With
   * {@code batchUnknown} the placeholder leaves axis 0 unknown while the graph is built, so the
   * ops and their gradients must take that size at run time.
   */
  record Leaf(Tensor value, boolean differentiable, boolean batchUnknown) implements FuzzNode {
    public Leaf {
      value = value.copy();
    }

    /** A leaf whose shape is known while building. */
    public Leaf(Tensor value, boolean differentiable) {
      this(value, differentiable, false);
    }

    /** The placeholder's static shape: the value's, axis 0 unknown when so asked. */
    public Shape declared() {
      Shape s = value.shape();
      return batchUnknown && s.rank() > 0 ? s.withDim(0, Shape.UNKNOWN) : s;
    }
  }

  /**
   * {@code builder} applied to the entries at {@code inputs}, whose values must lie in
   * {@code domains} (one per input; empty when any value will do); {@code label} names it for
   * people.
   */
  record Step(String label, OpBuilder builder, List<Integer> inputs, List<Domain> domains)
      implements FuzzNode {
    public Step {
      inputs = List.copyOf(inputs);
      domains = List.copyOf(domains);
      if (!domains.isEmpty() && domains.size() != inputs.size()) {
        throw new IllegalArgumentException("step '" + label + "': " + domains.size()
            + " domains for " + inputs.size() + " inputs; give one per input, or none");
      }
    }

    /** True when every input's value lies in its domain. */
    public boolean admits(List<Tensor> values) {
      for (int k = 0; k < domains.size(); k++) {
        if (!domains.get(k).admits(values.get(inputs.get(k)))) {
          return false;
        }
      }
      return true;
    }
  }
}
