package io.nabla.ops.nn;

import static io.nabla.ops.NnOps.concat;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.primitive.Primitives;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.ops.kernel.BlockCopy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stretch of a concat's upstream gradient that belongs to input {@code index}, found from the
 * run-time sizes of the concat's inputs along the axis: the gradient of a concat whose inputs'
 * sizes along the axis are unknown while building (an unknown batch), where a crop by fixed
 * amounts cannot be used. Inputs: the upstream gradient, then the concat's inputs, which are read
 * for their shapes only.
 */
public final class ConcatGrad implements Op {
  private final int axis;
  private final int index;

  /** The stretch of input {@code index} of a concat along {@code axis}. */
  public ConcatGrad(int axis, int index) {
    if (index < 0) {
      throw new IllegalArgumentException("concat_grad: input index " + index + " is negative");
    }
    this.axis = axis;
    this.index = index;
  }

  @Override
  public String type() {
    return "concat_grad";
  }

  @Override
  public Map<String, Object> attributes() {
    return Map.of("axis", axis, "index", index);
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    if (in.size() < 2 + index) {
      throw new ShapeException("needs the upstream gradient and at least " + (index + 1)
          + " concat inputs, but has " + in.size() + " inputs in all");
    }
    Shape dy = in.get(0);
    Shape x = in.get(1 + index);
    if (dy.rank() != x.rank()) {
      throw new ShapeException("the upstream gradient " + dy.describe() + " and concat input "
          + index + " " + x.describe() + " differ in rank; they must be the concat's output"
          + " and input");
    }
    return x;
  }

  @Override
  public void compute(OpContext c) {
    Tensor dy = c.input(0);
    Tensor y = c.output();
    int a = dy.shape().normalizeAxis(axis);
    int[] start = new int[dy.shape().rank()];
    for (int k = 0; k < index; k++) {
      start[a] += c.input(1 + k).shape().dim(a);
    }
    BlockCopy.copy(dy.data(), dy.shape(), start, y.data(), y.shape(), new int[start.length],
        y.shape().dims());
  }

  /** d dy: the upstream gradient put back in its stretch, zeros elsewhere, by a concat. */
  @Override
  public List<Node> gradient(GradContext g) {
    List<Node> inputs = g.node().inputs();
    List<Node> parts = new ArrayList<>();
    for (int k = 1; k < inputs.size(); k++) {
      parts.add(k - 1 == index ? g.upstream() : Primitives.zerosLike(inputs.get(k)));
    }
    List<Node> grads = new ArrayList<>();
    grads.add(concat(axis, parts));
    for (int k = 1; k < inputs.size(); k++) {
      grads.add(null);
    }
    return grads;
  }

  @Override
  public boolean isDifferentiable(int input) {
    return input == 0;
  }
}
