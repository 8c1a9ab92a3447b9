package io.nabla.core.primitive;

import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Runs one op's forward computation outside a graph: the run-time shape rule on the inputs'
 * shapes, then {@link Op#compute} into an output buffer filled with NaN (as a recycled buffer
 * is in tests), so a kernel that leaves an element unwritten is caught.
 */
final class OpRunner {
  private OpRunner() {}

  static Tensor run(Op op, Tensor... inputs) {
    Shape shape = op.outputShape(Arrays.stream(inputs).map(Tensor::shape).toList());
    float[] buffer = new float[shape.size()];
    Arrays.fill(buffer, Float.NaN);
    Tensor out = Tensor.wrap(shape, buffer);
    op.compute(new OpContext() {
      @Override
      public Node node() {
        throw new UnsupportedOperationException("no node outside a graph");
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
        return out;
      }

      @Override
      public boolean training() {
        return false;
      }

      @Override
      public SplittableRandom random() {
        return new SplittableRandom(0);
      }
    });
    return out;
  }

  /** A tensor of {@code shape} holding 1, 2, 3, … row-major. */
  static Tensor iota(int... dims) {
    return Tensor.fromFunction(Shape.of(dims), i -> i + 1);
  }
}
