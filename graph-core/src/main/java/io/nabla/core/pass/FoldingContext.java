package io.nabla.core.pass;

import io.nabla.core.graph.Node;
import io.nabla.core.graph.OpContext;
import io.nabla.core.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;

/** The {@link OpContext} of a node computed once while compiling; it has no run. */
final class FoldingContext implements OpContext {
  private final Node node;
  private final List<Tensor> inputs;
  private final Tensor output;

  FoldingContext(Node node, List<Tensor> inputs, Tensor output) {
    this.node = node;
    this.inputs = inputs;
    this.output = output;
  }

  @Override
  public Node node() {
    return node;
  }

  @Override
  public Tensor input(int index) {
    return inputs.get(index);
  }

  @Override
  public int inputCount() {
    return inputs.size();
  }

  @Override
  public Tensor output() {
    return output;
  }

  @Override
  public boolean training() {
    throw new IllegalStateException(node.describe() + " reads the training flag while folded");
  }

  @Override
  public SplittableRandom random() {
    throw new IllegalStateException(node.describe() + " reads a random stream while folded");
  }
}
