package io.nabla.core.tensor;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import java.util.function.IntToDoubleFunction;

/**
 * A dense, row-major block of {@code float32} values with a fully known {@link Shape}.
 *
 * <p>Factories copy the arrays they are given and {@link #toArray()} copies out, so a caller
 * never shares a mutable array with the engine by accident. Kernels and optimizers work on
 * the live array through {@link #data()}.
 */
public final class Tensor {
  private final Shape shape;
  private final float[] data;

  private Tensor(Shape shape, float[] data) {
    this.shape = shape;
    this.data = data;
  }

  /** A tensor holding a copy of {@code values}, laid out row-major in {@code shape}. */
  public static Tensor of(Shape shape, float... values) {
    checkKnown(shape);
    Preconditions.checkArgument(values.length == shape.size(),
        "%s values do not fill shape %s, which holds %s", values.length, shape, shape.size());
    return new Tensor(shape, values.clone());
  }

  /** A tensor of {@code dims} holding a copy of {@code values}. */
  public static Tensor of(float[] values, int... dims) {
    return of(Shape.of(dims), values);
  }

  /** A 1-D tensor holding a copy of {@code values}. */
  public static Tensor vector(float... values) {
    return of(Shape.of(values.length), values);
  }

  /** A 2-D tensor from rows of equal length. */
  public static Tensor matrix(float[][] rows) {
    int cols = rows.length == 0 ? 0 : rows[0].length;
    float[] d = new float[rows.length * cols];
    for (int r = 0; r < rows.length; r++) {
      Preconditions.checkArgument(rows[r].length == cols,
          "row %s has %s columns but row 0 has %s", r, rows[r].length, cols);
      System.arraycopy(rows[r], 0, d, r * cols, cols);
    }
    return new Tensor(Shape.of(rows.length, cols), d);
  }

  /** A rank-0 tensor. */
  public static Tensor scalar(float value) {
    return new Tensor(Shape.scalar(), new float[] {value});
  }

  public static Tensor zeros(Shape shape) {
    checkKnown(shape);
    return new Tensor(shape, new float[shape.size()]);
  }

  public static Tensor zeros(int... dims) {
    return zeros(Shape.of(dims));
  }

  public static Tensor filled(Shape shape, float value) {
    Tensor t = zeros(shape);
    Arrays.fill(t.data, value);
    return t;
  }

  /** A tensor whose element {@code i} (row-major) is {@code f(i)}. */
  public static Tensor fromFunction(Shape shape, IntToDoubleFunction f) {
    Tensor t = zeros(shape);
    for (int i = 0; i < t.data.length; i++) {
      t.data[i] = (float) f.applyAsDouble(i);
    }
    return t;
  }

  /**
   * Wraps {@code data} without copying. For kernels and the executor, which own the array;
   * user code should prefer {@link #of(Shape, float...)}.
   */
  public static Tensor wrap(Shape shape, float[] data) {
    checkKnown(shape);
    Preconditions.checkArgument(data.length >= shape.size(),
        "buffer of %s floats is too small for %s", data.length, shape);
    return new Tensor(shape, data);
  }

  private static void checkKnown(Shape shape) {
    Preconditions.checkArgument(shape.isKnown(),
        "a tensor needs a fully known shape, not %s", shape);
  }

  public Shape shape() {
    return shape;
  }

  /** Number of elements. */
  public int size() {
    return shape.size();
  }

  /**
   * The live backing array (may be longer than {@link #size()} when it is a reused buffer).
   * Writing to it changes this tensor.
   */
  public float[] data() {
    return data;
  }

  /** A copy of the values, exactly {@link #size()} long. */
  public float[] toArray() {
    return Arrays.copyOf(data, size());
  }

  /** Element at a flat row-major index. */
  public float get(int flatIndex) {
    Preconditions.checkElementIndex(flatIndex, size());
    return data[flatIndex];
  }

  /** Element at multi-dimensional coordinates. */
  public float at(int... index) {
    Preconditions.checkArgument(index.length == shape.rank(),
        "%s coordinates for a tensor of rank %s", index.length, shape.rank());
    int flat = 0;
    for (int i = 0; i < index.length; i++) {
      Preconditions.checkElementIndex(index[i], shape.dim(i));
      flat = flat * shape.dim(i) + index[i];
    }
    return data[flat];
  }

  /** The value of a single-element tensor. */
  public float item() {
    Preconditions.checkState(size() == 1, "item() needs one element, this tensor is %s", shape);
    return data[0];
  }

  /** An independent copy. */
  public Tensor copy() {
    return new Tensor(shape, toArray());
  }

  /** The same values seen with another shape of equal size (copied). */
  public Tensor reshape(int... dims) {
    Shape s = Shape.of(dims);
    Preconditions.checkArgument(s.size() == size(), "cannot reshape %s into %s", shape, s);
    return new Tensor(s, toArray());
  }

  /** True when shapes are equal and every element differs by at most {@code tolerance}. */
  public boolean allClose(Tensor other, float tolerance) {
    if (!shape.equals(other.shape)) {
      return false;
    }
    for (int i = 0; i < size(); i++) {
      if (!(Math.abs(data[i] - other.data[i]) <= tolerance)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tensor t && shape.equals(t.shape)
        && Arrays.equals(data, 0, size(), t.data, 0, t.size());
  }

  @Override
  public int hashCode() {
    int h = shape.hashCode();
    for (int i = 0; i < size(); i++) {
      h = 31 * h + Float.floatToIntBits(data[i]);
    }
    return h;
  }

  /** Shape and up to 16 values, e.g. {@code f32[2,2] [1.0, 2.0, 3.0, 4.0]}. */
  @Override
  public String toString() {
    int n = Math.min(size(), 16);
    StringBuilder sb = new StringBuilder(shape.describe()).append(" [");
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ", ").append(data[i]);
    }
    return sb.append(size() > n ? ", …]" : "]").toString();
  }
}
