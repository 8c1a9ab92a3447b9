package io.nabla.core.pass;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.NodeKind;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Shape;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Helpers of the pass tests: what a plan holds, and an op with a draw of its own. */
final class PassTesting {
  private PassTesting() {}

  /** The names of a plan's operations, in order. */
  static List<String> operations(PlanGraph plan) {
    return plan.nodes().stream().filter(n -> n.kind() == NodeKind.OPERATION)
        .map(n -> n.name() + "=" + n.op().type()).toList();
  }

  /** x + a random number per element of each run: must never be merged or folded. */
  static final class Noise implements Op {
    @Override
    public String type() {
      return "noise";
    }

    @Override
    public boolean dependsOnRun() {
      return true;
    }

    @Override
    public Shape outputShape(List<Shape> in) {
      return ShapeRules.unary(this, in);
    }

    @Override
    public void compute(OpContext c) {
      var random = c.random();
      float[] x = c.input(0).data();
      float[] y = c.output().data();
      for (int i = 0; i < c.output().size(); i++) {
        y[i] = x[i] + (float) random.nextDouble();
      }
    }

    @Override
    public List<Node> gradient(GradContext g) {
      return List.of(g.upstream());
    }
  }

  /** y = s·x with the scale as an attribute, to tell merges apart by attributes. */
  static final class Scale implements Op {
    private final float s;

    Scale(float s) {
      this.s = s;
    }

    @Override
    public String type() {
      return "scale";
    }

    @Override
    public Map<String, Object> attributes() {
      return Map.of("s", s);
    }

    @Override
    public Shape outputShape(List<Shape> in) {
      return ShapeRules.unary(this, in);
    }

    @Override
    public void compute(OpContext c) {
      float[] x = c.input(0).data();
      float[] y = c.output().data();
      for (int i = 0; i < c.output().size(); i++) {
        y[i] = s * x[i];
      }
    }

    @Override
    public List<Node> gradient(GradContext g) {
      return Collections.singletonList(g.graph().apply(new Scale(s), g.upstream()));
    }
  }

  /** Fails at run time whatever its input; its shape rule accepts anything. */
  static final class Boom implements Op {
    @Override
    public String type() {
      return "boom";
    }

    @Override
    public Shape outputShape(List<Shape> in) {
      return ShapeRules.unary(this, in);
    }

    @Override
    public void compute(OpContext c) {
      throw new IllegalArgumentException("kaput");
    }

    @Override
    public List<Node> gradient(GradContext g) {
      return List.of(g.upstream());
    }
  }
}
