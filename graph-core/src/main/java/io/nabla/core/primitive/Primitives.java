package io.nabla.core.primitive;

import io.nabla.core.graph.Node;

/** Builders for the core primitives, for user code and for autodiff. */
public final class Primitives {
  private Primitives() {}

  /** y = x, as a node of its own. */
  public static Node identity(Node x) {
    return x.graph().apply(new Identity(), x);
  }

  /** y = x; no gradient flows back through {@code x}. */
  public static Node stopGradient(Node x) {
    return x.graph().apply(new StopGradient(), x);
  }

  /** Ones shaped like {@code x} at run time. */
  public static Node onesLike(Node x) {
    return x.graph().apply(new FillLike(1f), x);
  }

  /** Zeros shaped like {@code x} at run time. */
  public static Node zerosLike(Node x) {
    return x.graph().apply(new FillLike(0f), x);
  }

  /** {@code value} everywhere, shaped like {@code x} at run time. */
  public static Node fillLike(Node x, float value) {
    return x.graph().apply(new FillLike(value), x);
  }

  /** The element-wise sum of tensors of one shape. */
  public static Node addN(Node... xs) {
    return xs[0].graph().apply(new AddN(), xs);
  }

  /** {@code x} summed down to the run-time shape of {@code like} (undoes a broadcast). */
  public static Node sumLike(Node x, Node like) {
    return x.graph().apply(new SumLike(), x, like);
  }

  /** {@code x} broadcast to the run-time shape of {@code like}. */
  public static Node broadcastLike(Node x, Node like) {
    return x.graph().apply(new BroadcastLike(), x, like);
  }
}
