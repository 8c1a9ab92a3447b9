package io.nabla.core.graph;

/** What a node is: a value fed per run, trainable state, a fixed value, or a computation. */
public enum NodeKind {
  /** Fed with a value on every run. */
  PLACEHOLDER,
  /** Trainable state with an initial value; its current value lives in a session. */
  VARIABLE,
  /** A fixed value stored in the graph. */
  CONSTANT,
  /** The result of an {@link Op} applied to other nodes. */
  OPERATION
}
