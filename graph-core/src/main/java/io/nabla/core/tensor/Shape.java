package io.nabla.core.tensor;

import java.util.Arrays;
import java.util.StringJoiner;

/**
 * Immutable tensor dimensions. A dimension of {@value #UNKNOWN} is not known while the graph
 * is built (typically the batch) and becomes concrete when the graph runs.
 */
public final class Shape {
  /** Marks a dimension that is only known at run time. */
  public static final int UNKNOWN = -1;

  private static final Shape SCALAR = new Shape(new int[0]);

  private final int[] dims;
  /**
   * The number of elements, computed once (sizes are read in hot loops): {@code -1} when a
   * dimension is unknown, capped just past {@code Integer.MAX_VALUE}.
   */
  private final long elements;

  private Shape(int[] dims) {
    this.dims = dims;
    long n = 1;
    for (int d : dims) {
      if (d == UNKNOWN) {
        n = -1;
        break;
      }
      n = Math.min(n * d, Integer.MAX_VALUE + 1L);
    }
    this.elements = n;
  }

  /** A shape with the given dimensions; {@code -1} marks an unknown dimension. */
  public static Shape of(int... dims) {
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] < UNKNOWN) {
        // the message is built only when it is needed: shapes are made on every step
        throw new IllegalArgumentException(String.format(
            "dimension %s of %s is %s; dimensions are sizes >= 0, or -1 for unknown",
            i, Arrays.toString(dims), dims[i]));
      }
    }
    return dims.length == 0 ? SCALAR : new Shape(dims.clone());
  }

  /** The rank-0 shape of a single number. */
  public static Shape scalar() {
    return SCALAR;
  }

  public int rank() {
    return dims.length;
  }

  /** Dimension {@code axis}; negative axes count from the end, as in numpy. */
  public int dim(int axis) {
    return dims[normalizeAxis(axis)];
  }

  /** A copy of the dimensions. */
  public int[] dims() {
    return dims.clone();
  }

  public boolean isScalar() {
    return dims.length == 0;
  }

  /** True when every dimension is known. */
  public boolean isKnown() {
    return elements >= 0;
  }

  /** Number of elements; only defined for a fully known shape. */
  public int size() {
    if (elements < 0 || elements > Integer.MAX_VALUE) {
      throw new IllegalStateException(elements < 0
          ? "shape " + this + " has unknown dimensions and no size yet"
          : "shape " + this + " has " + exactElements() + " elements, more than one float array"
              + " can hold");
    }
    return (int) elements;
  }

  private String exactElements() {
    java.math.BigInteger n = java.math.BigInteger.ONE;
    for (int d : dims) {
      n = n.multiply(java.math.BigInteger.valueOf(d));
    }
    return n.toString();
  }

  /** Turns a possibly negative axis into an index in {@code [0, rank)}. */
  public int normalizeAxis(int axis) {
    int a = axis < 0 ? axis + dims.length : axis;
    if (a < 0 || a >= dims.length) {
      throw new IllegalArgumentException(
          "axis " + axis + " is out of range for " + this + " of rank " + dims.length);
    }
    return a;
  }

  /**
   * True when this shape and {@code other} may be equal at run time: the same rank, and no
   * dimension known in both that differs.
   */
  public boolean canEqual(Shape other) {
    if (rank() != other.rank()) {
      return false;
    }
    for (int d = 0; d < rank(); d++) {
      if (dim(d) != other.dim(d) && dim(d) != UNKNOWN && other.dim(d) != UNKNOWN) {
        return false;
      }
    }
    return true;
  }

  /**
   * True when a concrete shape fits this (possibly partial) one: same rank and every known
   * dimension equal.
   */
  public boolean accepts(Shape concrete) {
    if (concrete.rank() != rank()) {
      return false;
    }
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] != UNKNOWN && dims[i] != concrete.dims[i]) {
        return false;
      }
    }
    return true;
  }

  /** This shape with dimension {@code axis} replaced. */
  public Shape withDim(int axis, int size) {
    int[] d = dims.clone();
    d[normalizeAxis(axis)] = size;
    return Shape.of(d);
  }

  /** Row-major strides, in elements. */
  public int[] strides() {
    int[] s = new int[dims.length];
    int acc = 1;
    for (int i = dims.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= dims[i];
    }
    return s;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape other && Arrays.equals(dims, other.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  /** Written as in a jaxpr: {@code [?,784]}; a scalar is {@code []}. */
  @Override
  public String toString() {
    StringJoiner j = new StringJoiner(",", "[", "]");
    for (int d : dims) {
      j.add(d == UNKNOWN ? "?" : Integer.toString(d));
    }
    return j.toString();
  }

  /** The shape with its element type, as messages print it: {@code f32[?,784]}. */
  public String describe() {
    return "f32" + this;
  }
}
