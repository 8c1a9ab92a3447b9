package io.nabla.core.exec;

import io.nabla.core.graph.Node;
import io.nabla.core.graph.OpContext;
import io.nabla.core.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * The {@link OpContext} of one {@code Plan.run}: the run's options and random streams, re-bound
 * to each node of the plan in turn (its inputs, output buffer and stream key).
 */
final class RunContext implements OpContext {
  private final RunOptions options;
  private Node node;
  /** The id of the user's node this step stands for: its random stream survives rewrites. */
  private int streamKey;
  private Tensor[] inputs;
  private Tensor output;

  RunContext(RunOptions options) {
    this.options = options;
  }

  void bind(Node n, int key, Tensor[] ins, Tensor out) {
    this.node = n;
    this.streamKey = key;
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
    checkDeclared("the training flag");
    return options.training();
  }

  @Override
  public SplittableRandom random() {
    checkDeclared("a random stream");
    // a stream of its own per node: same seed, same numbers, whatever the order of execution
    // or the passes (a rewritten step keeps the user's node id)
    long h = options.seed() * 0x9E3779B97F4A7C15L + streamKey;
    h ^= h >>> 31;
    return new SplittableRandom(h * 0xBF58476D1CE4E5B9L);
  }

  /** Plan passes merge and precompute ops that say they do not depend on the run. */
  private void checkDeclared(String what) {
    if (!node.op().dependsOnRun()) {
      throw new IllegalStateException("the op reads " + what + " but its class "
          + node.op().getClass().getSimpleName() + " does not declare it: override"
          + " Op.dependsOnRun() to return true, so that plan passes never merge it with another"
          + " node or compute it at compile time");
    }
  }
}
