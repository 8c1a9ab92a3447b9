package io.nabla.core.exec;

import io.nabla.core.graph.Node;
import io.nabla.core.graph.NodeKind;
import io.nabla.core.tensor.Shape;

/**
 * A plan's run-time shapes for one combination of feed shapes, and which of its ops are too
 * small to split between threads. Such an op runs on the caller's thread alone: handing half of
 * a few thousand values to a worker (waking it, waiting for it) costs more than the half takes,
 * which is most of a batch-1 prediction's ops.
 */
record RunShapes(Shape[] shapes, boolean[] callerOnly) {
  /**
   * Ops that read and write fewer values than this, inputs and output together, run on the
   * caller's thread (system property {@code nabla.serialBelow}; 0 lets every op split).
   */
  static final long SERIAL_BELOW = Long.getLong("nabla.serialBelow", 65_536);

  static RunShapes of(Node[] order, int[][] inputSlots, Shape[] shapes, long serialBelow) {
    boolean[] callerOnly = new boolean[order.length];
    for (int i = 0; i < order.length; i++) {
      if (order[i].kind() == NodeKind.OPERATION) {
        long values = shapes[i].size();
        for (int s : inputSlots[i]) {
          values += shapes[s].size();
        }
        callerOnly[i] = values < serialBelow;
      }
    }
    return new RunShapes(shapes, callerOnly);
  }
}
