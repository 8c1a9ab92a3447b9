package io.nabla.ops.nn;

import io.nabla.core.graph.Op;
import java.util.Map;

/** What the pooling ops and their gradient ops share: a type name and a checked window. */
abstract class PoolingOp implements Op {
  private final String type;
  private final Window2d window;

  PoolingOp(String type, Window2d window) {
    this.type = type;
    this.window = PoolShapes.checkWindow(type, window);
  }

  /** The pooling window. */
  public Window2d window() {
    return window;
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public Map<String, Object> attributes() {
    return window.attributes();
  }
}
