package io.nabla.core.exec;

import io.nabla.core.graph.Node;
import io.nabla.core.graph.OpContext;
import io.nabla.core.tensor.Tensor;
import java.util.SplittableRandom;

/** The {@link OpContext} of one run, re-bound to each step in turn. */
final class StepContext implements OpContext {
  private final RunOptions options;
  private Node node;
  private Tensor[] inputs;
  private Tensor output;

  StepContext(RunOptions options) {
    this.options = options;
  }

  void bind(Node n, Tensor[] ins, Tensor out) {
    this.node = n;
    this.inputs = ins;
    this.output = out;
  }

  @Override
  public Node node() {
    return node;
  }

  @Override
  public Tensor input(int index) {
    return inputs[index];
  }

  @Override
  public int inputCount() {
    return inputs.length;
  }

  @Override
  public Tensor output() {
    return output;
  }

  @Override
  public boolean training() {
    return options.training();
  }

  @Override
  public SplittableRandom random() {
    // a stream of its own per node: same seed, same numbers, whatever the order of execution
    long h = options.seed() * 0x9E3779B97F4A7C15L + node.id();
    h ^= h >>> 31;
    return new SplittableRandom(h * 0xBF58476D1CE4E5B9L);
  }
}
