package io.nabla.ops.nn;

import static io.nabla.ops.NnOps.crop;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.ops.kernel.BlockCopy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Joins one or more tensors along {@code axis} (negative counts from the end): same rank, equal
 * dimensions except along the axis, where the sizes add up. DenseNet's way of joining features.
 */
public final class Concat implements Op {
  private final int axis;

  public Concat(int axis) {
    this.axis = axis;
  }

  public int axis() {
    return axis;
  }

  @Override
  public String type() {
    return "concat";
  }

  @Override
  public Map<String, Object> attributes() {
    return Map.of("axis", axis);
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    if (in.isEmpty()) {
      throw new ShapeException("needs at least one input");
    }
    Shape first = in.get(0);
    int a = normalizedAxis(first);
    int[] out = first.dims();
    for (int k = 1; k < in.size(); k++) {
      Shape s = in.get(k);
      if (s.rank() != first.rank()) {
        throw new ShapeException("input " + k + " is " + s.describe() + " but input 0 is "
            + first.describe() + "; all inputs must have the same rank");
      }
      for (int d = 0; d < out.length; d++) {
        int have = out[d];
        int dim = s.dim(d);
        if (d == a) {
          out[d] = have == Shape.UNKNOWN || dim == Shape.UNKNOWN ? Shape.UNKNOWN : have + dim;
        } else if (have == Shape.UNKNOWN) {
          out[d] = dim;
        } else if (dim != Shape.UNKNOWN && dim != have) {
          throw new ShapeException("input " + k + " is " + s.describe() + " but input 0 is "
              + first.describe() + ": axis " + d + " differs (" + dim + " ≠ " + have
              + "); inputs may differ only along the concatenation axis " + a);
        }
      }
    }
    return Shape.of(out);
  }

  private int normalizedAxis(Shape x) {
    int rank = x.rank();
    int a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) {
      throw new ShapeException("axis " + axis + " is out of range for input 0 " + x.describe()
          + (rank == 0 ? "; scalars cannot be concatenated, unsqueeze them first"
              : "; valid axes are " + (-rank) + " to " + (rank - 1)));
    }
    return a;
  }

  @Override
  public void compute(OpContext c) {
    Tensor y = c.output();
    int a = normalizedAxis(y.shape());
    int[] start = new int[y.shape().rank()];
    for (int k = 0; k < c.inputCount(); k++) {
      Tensor x = c.input(k);
      BlockCopy.copy(x.data(), x.shape(), new int[start.length], y.data(), y.shape(), start,
          x.shape().dims());
      start[a] += x.shape().dim(a);
    }
  }

  /**
   * Input k receives its own stretch of the upstream gradient along the axis: cropped out by
   * fixed offsets when every input's size along the axis is known while building, otherwise by
   * {@link ConcatGrad}, which finds the offsets from the run-time sizes.
   */
  @Override
  public List<Node> gradient(GradContext g) {
    List<Node> inputs = g.node().inputs();
    int a = normalizedAxis(inputs.get(0).shape());
    int[] sizes = new int[inputs.size()];
    int total = 0;
    for (int k = 0; k < sizes.length; k++) {
      sizes[k] = inputs.get(k).shape().dim(a);
      if (sizes[k] == Shape.UNKNOWN) {
        return stretchesAtRunTime(g, inputs);
      }
      total += sizes[k];
    }
    int rank = inputs.get(0).shape().rank();
    List<Node> grads = new ArrayList<>(sizes.length);
    int offset = 0;
    for (int size : sizes) {
      int[] before = new int[rank];
      int[] after = new int[rank];
      before[a] = offset;
      after[a] = total - offset - size;
      grads.add(crop(g.upstream(), before, after));
      offset += size;
    }
    return grads;
  }

  private List<Node> stretchesAtRunTime(GradContext g, List<Node> inputs) {
    List<Node> operands = new ArrayList<>();
    operands.add(g.upstream());
    operands.addAll(inputs);
    List<Node> grads = new ArrayList<>();
    for (int k = 0; k < inputs.size(); k++) {
      grads.add(g.node().graph().apply(new ConcatGrad(axis, k), operands));
    }
    return grads;
  }
}
