package io.nabla.core.primitive;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import java.util.Collections;
import java.util.List;

/** The sum of one or more tensors of equal shape; autodiff uses it to sum fan-out. */
public final class AddN implements Op {

  @Override
  public String type() {
    return "add_n";
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    if (inputs.isEmpty()) {
      throw new ShapeException("needs at least one input");
    }
    Shape first = inputs.get(0);
    for (int i = 1; i < inputs.size(); i++) {
      Shape s = inputs.get(i);
      if (s.rank() != first.rank()) {
        throw new ShapeException("input " + i + " is " + s.describe() + " but input 0 is "
            + inputs.get(0).describe() + "; all inputs must have one shape");
      }
      for (int d = 0; d < s.rank(); d++) {
        int a = first.dim(d);
        int b = s.dim(d);
        if (a != b && a != Shape.UNKNOWN && b != Shape.UNKNOWN) {
          // name input 0 as given: `first` may already have unknown dimensions filled in
          throw new ShapeException("input " + i + " is " + s.describe() + " but input 0 is "
              + inputs.get(0).describe() + "; all inputs must have one shape");
        }
        if (a == Shape.UNKNOWN && b != Shape.UNKNOWN) {
          first = first.withDim(d, b);
        }
      }
    }
    return first;
  }

  @Override
  public void compute(OpContext c) {
    float[] out = c.output().data();
    int n = c.output().size();
    System.arraycopy(c.input(0).data(), 0, out, 0, n);
    for (int k = 1; k < c.inputCount(); k++) {
      float[] x = c.input(k).data();
      for (int i = 0; i < n; i++) {
        out[i] += x[i];
      }
    }
  }

  @Override
  public List<Node> gradient(GradContext g) {
    return Collections.nCopies(g.node().inputs().size(), g.upstream());
  }
}
