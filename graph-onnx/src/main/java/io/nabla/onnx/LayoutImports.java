package io.nabla.onnx;

import static io.nabla.ops.NnOps.concat;
import static io.nabla.ops.NnOps.crop;
import static io.nabla.ops.NnOps.pad;

import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.ops.Ops;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ONNX ops that only move values, imported for a {@link NodeImporter}: Flatten, Reshape,
 * Transpose, Concat, Unsqueeze, Squeeze, Pad and Slice. Concat, Unsqueeze and Squeeze of known
 * integers (shape arithmetic) stay integers.
 */
final class LayoutImports {
  private final NodeImporter n;

  LayoutImports(NodeImporter n) {
    this.n = n;
  }

  void transpose() {
    Node x = n.in(0);
    n.put(Ops.transpose(x, n.ints("perm", reversed(x.shape().rank()))));
  }

  /** To 2-D: the axes before {@code axis} in one, the rest in the other. */
  void flatten() {
    Node x = n.in(0);
    int rank = x.shape().rank();
    long axis = n.intAttr("axis", 1);
    int a = (int) (axis < 0 ? axis + rank : axis);
    if (a < 0 || a > rank) {
      throw n.fail("flattens at axis " + axis + " of a rank-" + rank + " input");
    }
    long inner = 1;
    for (int d = a; d < rank; d++) {
      if (x.shape().dim(d) == Shape.UNKNOWN) {
        throw n.fail("flattens from axis " + axis + " over an axis of unknown size, "
            + x.shape().describe());
      }
      inner *= x.shape().dim(d);
    }
    long outer = 1;
    for (int d = 0; d < a; d++) {
      outer = x.shape().dim(d) == Shape.UNKNOWN || outer == -1 ? -1 : outer * x.shape().dim(d);
    }
    n.put(Ops.reshape(x, (int) outer, (int) inner));
  }

  void reshape() {
    Node x = n.in(0);
    long[] target = n.integers(1);
    boolean allowZero = n.intAttr("allowzero", 0) != 0;
    int[] dims = new int[target.length];
    int unknown = 0;
    for (int k = 0; k < dims.length; k++) {
      dims[k] = (int) (target[k] == 0 && !allowZero ? x.shape().dim(k) : target[k]);
      unknown += dims[k] == -1 ? 1 : 0;
    }
    if (unknown == 2 && dims[0] == -1 && x.shape().dim(0) == Shape.UNKNOWN) {
      // [batch, -1] from Shape(x)[0]: the batch stays unknown, the other is the features left
      long features = 1;
      for (int d = 1; d < x.shape().rank(); d++) {
        features *= x.shape().dim(d);
      }
      long known = 1;
      for (int d = 1; d < dims.length; d++) {
        known *= dims[d] == -1 ? 1 : dims[d];
      }
      for (int d = 1; d < dims.length; d++) {
        if (dims[d] == -1) {
          dims[d] = (int) (features / known);
        }
      }
    }
    n.put(Ops.reshape(x, dims));
  }

  void concatenate() {
    long axis = n.intAttr("axis", 0);
    boolean allIntegers = true;
    for (int k = 0; k < n.node().getInputCount(); k++) {
      allIntegers &= n.values().integers.containsKey(n.node().getInput(k));
    }
    if (allIntegers) {
      List<Long> joined = new ArrayList<>();
      for (int k = 0; k < n.node().getInputCount(); k++) {
        for (long v : n.values().integers.get(n.node().getInput(k))) {
          joined.add(v);
        }
      }
      n.values().integers.put(n.node().getOutput(0),
          joined.stream().mapToLong(Long::longValue).toArray());
      return;
    }
    List<Node> xs = new ArrayList<>();
    for (int k = 0; k < n.node().getInputCount(); k++) {
      xs.add(n.in(k));
    }
    n.put(concat((int) axis, xs));
  }

  void unsqueeze() {
    long[] axes = n.axes(1);
    if (n.passesIntegers()) {
      return;
    }
    n.put(Ops.unsqueeze(n.in(0), Arrays.stream(axes).mapToInt(a -> (int) a).toArray()));
  }

  void squeeze() {
    if (n.passesIntegers()) {
      return;
    }
    Node x = n.in(0);
    long[] axes = n.axes(1);
    int rank = x.shape().rank();
    boolean[] drop = new boolean[rank];
    for (int d = 0; d < rank; d++) {
      drop[d] = axes == null && x.shape().dim(d) == 1;
    }
    if (axes != null) {
      for (long a : axes) {
        drop[(int) (a < 0 ? a + rank : a)] = true;
      }
    }
    List<Integer> kept = new ArrayList<>();
    for (int d = 0; d < rank; d++) {
      if (!drop[d]) {
        kept.add(d == 0 && x.shape().dim(0) == Shape.UNKNOWN ? -1 : x.shape().dim(d));
      }
    }
    n.put(Ops.reshape(x, kept.stream().mapToInt(Integer::intValue).toArray()));
  }

  void padding() {
    Node x = n.in(0);
    String mode = n.stringAttr("mode", "constant");
    if (!mode.equals("constant")) {
      throw n.fail("pads in mode '" + mode + "'; only constant padding is supported");
    }
    long[] pads = n.opset() >= 11 ? n.integers(1)
        : n.attr("pads").getIntsList().stream().mapToLong(Long::longValue).toArray();
    int rank = x.shape().rank();
    if (pads.length != 2 * rank) {
      throw n.fail("has " + pads.length + " pads for a rank-" + rank + " input; ONNX needs"
          + " 2 × rank");
    }
    int[] before = new int[rank];
    int[] after = new int[rank];
    for (int d = 0; d < rank; d++) {
      if (pads[d] < 0 || pads[rank + d] < 0) {
        throw n.fail("has negative pads " + Arrays.toString(pads) + "; crop with Slice instead");
      }
      before[d] = (int) pads[d];
      after[d] = (int) pads[rank + d];
    }
    float value = 0f;
    if (n.opset() >= 11 && n.has(2)) {
      Tensor v = n.values().constants.get(n.node().getInput(2));
      if (v == null || v.size() != 1) {
        throw n.fail("needs its constant_value known while building, as one number");
      }
      value = v.get(0);
    }
    n.put(pad(x, before, after, value));
  }

  void slice() {
    Node x = n.in(0);
    long[] starts = n.integers(1);
    long[] ends = n.integers(2);
    long[] axes = n.has(3) ? n.integers(3) : null;
    if (n.has(4) && Arrays.stream(n.integers(4)).anyMatch(s -> s != 1)) {
      throw n.fail("has steps " + Arrays.toString(n.integers(4)) + "; only step 1 is supported");
    }
    int rank = x.shape().rank();
    int[] before = new int[rank];
    int[] after = new int[rank];
    for (int k = 0; k < starts.length; k++) {
      int axis = (int) (axes == null ? k : axes[k] < 0 ? axes[k] + rank : axes[k]);
      int size = x.shape().dim(axis);
      long start = starts[k];
      long end = ends[k];
      if (size == Shape.UNKNOWN) {
        if (start != 0 || end < Integer.MAX_VALUE) {
          throw n.fail("slices axis " + axis + " of unknown size; only whole unknown axes are"
              + " supported");
        }
        continue;
      }
      start = clamp(start < 0 ? start + size : start, size);
      end = clamp(end < 0 ? end + size : end, size);
      before[axis] = (int) start;
      after[axis] = (int) (size - Math.max(end, start));
    }
    n.put(crop(x, before, after));
  }

  private static long clamp(long v, int size) {
    return Math.max(0, Math.min(v, size));
  }

  private static int[] reversed(int rank) {
    int[] p = new int[rank];
    for (int d = 0; d < rank; d++) {
      p[d] = rank - 1 - d;
    }
    return p;
  }
}
