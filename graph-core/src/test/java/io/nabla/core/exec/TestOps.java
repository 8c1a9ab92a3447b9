package io.nabla.core.exec;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Shape;
import java.util.List;
import java.util.SplittableRandom;

/** Small ops that the executor tests need and the core does not have. */
final class TestOps {
  private TestOps() {}

  /** Fails in its forward computation. */
  static final class Boom implements Op {
    @Override
    public String type() {
      return "boom";
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
      return ShapeRules.unary(this, inputs);
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

  /** y = x, whose gradient fails when it runs. */
  static final class FragileGradient implements Op {
    @Override
    public String type() {
      return "fragile";
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
      return ShapeRules.unary(this, inputs);
    }

    @Override
    public void compute(OpContext c) {
      System.arraycopy(c.input(0).data(), 0, c.output().data(), 0, c.output().size());
    }

    @Override
    public List<Node> gradient(GradContext g) {
      return List.of(g.graph().apply(new Boom(), g.upstream()));
    }
  }

  /** y = 1 / x, element-wise: infinite at 0. */
  static final class Reciprocal implements Op {
    @Override
    public String type() {
      return "reciprocal";
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
      return ShapeRules.unary(this, inputs);
    }

    @Override
    public void compute(OpContext c) {
      float[] x = c.input(0).data();
      float[] y = c.output().data();
      for (int i = 0; i < c.output().size(); i++) {
        y[i] = 1f / x[i];
      }
    }

    @Override
    public List<Node> gradient(GradContext g) {
      throw new UnsupportedOperationException("not needed by these tests");
    }
  }

  /**
   * No inputs; writes what the run context tells it: {@code [training ? 1 : 0, u1, u2]} with
   * {@code u1, u2} drawn from {@link OpContext#random()}.
   */
  static class Probe implements Op {
    @Override
    public String type() {
      return "probe";
    }

    @Override
    public boolean dependsOnRun() {
      return true;
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
      ShapeRules.arity(this, inputs, 0);
      return Shape.of(3);
    }

    @Override
    public void compute(OpContext c) {
      float[] out = c.output().data();
      out[0] = c.training() ? 1f : 0f;
      SplittableRandom r = c.random();
      out[1] = (float) r.nextDouble();
      out[2] = (float) r.nextDouble();
    }

    @Override
    public List<Node> gradient(GradContext g) {
      return List.of();
    }
  }

  /**
   * The outer product {@code [n,1]·[1,m] → [n,m]}, whose output can be far larger than its
   * inputs. Its forward computation must never be reached in the tests that use it.
   */
  static final class Outer implements Op {
    @Override
    public String type() {
      return "outer";
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
      ShapeRules.arity(this, inputs, 2);
      return Shape.of(inputs.get(0).dim(0), inputs.get(1).dim(1));
    }

    @Override
    public void compute(OpContext c) {
      throw new AssertionError("outer product computed: the run should have been refused");
    }

    @Override
    public List<Node> gradient(GradContext g) {
      throw new UnsupportedOperationException("not needed by these tests");
    }
  }

  /** A probe that forgets to declare that it reads the run. */
  static final class UndeclaredProbe extends Probe {
    @Override
    public boolean dependsOnRun() {
      return false;
    }
  }
}
