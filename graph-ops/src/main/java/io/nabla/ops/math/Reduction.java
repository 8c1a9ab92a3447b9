package io.nabla.ops.math;

import io.nabla.core.graph.Op;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Shape;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** A reduction over some axes (all when none are given), optionally keeping them as size 1. */
public abstract class Reduction implements Op {
  private final int[] axes;
  private final boolean keepDims;

  protected Reduction(boolean keepDims, int... axes) {
    this.axes = axes.clone();
    this.keepDims = keepDims;
  }

  /** The axes as given (possibly negative); empty means all. */
  public int[] axes() {
    return axes.clone();
  }

  public boolean keepDims() {
    return keepDims;
  }

  @Override
  public Map<String, Object> attributes() {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("axes", axes.length == 0 ? "all" : Arrays.toString(axes));
    a.put("keep_dims", keepDims);
    return a;
  }

  /** Which axes of an input of rank {@code rank} are reduced. */
  protected boolean[] mask(Shape x) {
    if (axes.length == 0) {
      boolean[] all = new boolean[x.rank()];
      Arrays.fill(all, true);
      return all;
    }
    return ShapeRules.axesMask(axes, x.rank(), x);
  }

  /** The reduced axes of {@code x}, normalised to {@code [0, rank)} and sorted. */
  public int[] axesOf(Shape x) {
    boolean[] m = mask(x);
    return IntStream.range(0, m.length).filter(i -> m[i]).toArray();
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Shape x = ShapeRules.unary(this, in);
    return keepDims ? keptShape(x) : droppedShape(x);
  }

  /** The output shape with reduced axes kept as size 1 (the layout every reduction writes). */
  public Shape keptShape(Shape x) {
    boolean[] m = mask(x);
    int[] d = x.dims();
    for (int i = 0; i < d.length; i++) {
      if (m[i]) {
        d[i] = 1;
      }
    }
    return Shape.of(d);
  }

  private Shape droppedShape(Shape x) {
    boolean[] m = mask(x);
    return Shape.of(IntStream.range(0, m.length).filter(i -> !m[i])
        .map(x::dim).toArray());
  }
}
