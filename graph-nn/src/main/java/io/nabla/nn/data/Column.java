package io.nabla.nn.data;

import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;

/**
 * One named tensor of a dataset, {@code [N, …shape]}, stored row after row: an input, a target
 * of any shape, or class indices ({@code classes}: whole numbers ≥ 0, one per example).
 */
record Column(String name, Shape shape, Values values, boolean classes) {
  /** Labels must be whole numbers in {@code [0, MAX_LABEL]}: larger ones are not exact floats. */
  static final int MAX_LABEL = 1 << 24;

  Column {
    if (classes) {
      for (int i = 0; i < values.length(); i++) {
        float v = values.get(i);
        if (!(v >= 0 && v <= MAX_LABEL && v == Math.rint(v))) {
          throw new IllegalArgumentException("the label of example " + i + " in '" + name
              + "' is " + v
              + "; class labels are whole numbers 0, 1, 2, … (class indices"
              + (v > MAX_LABEL ? ", at most " + MAX_LABEL + " to be exact as floats" : "")
              + ")");
        }
      }
    }
  }

  int rowSize() {
    return shape.size();
  }

  /** A column of floats, whose array it takes over. */
  static Column of(String name, Shape shape, float[] data, boolean classes) {
    return new Column(name, shape, new Values.Floats(data), classes);
  }

  int rows() {
    return shape.size() == 0 ? 0 : values.length() / shape.size();
  }

  /** Rows {@code order[from…to)} (or {@code from…to} when {@code order} is null), as floats. */
  float[] rows(int[] order, int from, int to) {
    return values.rows(order, from, to, rowSize());
  }

  /** All values as a new float array. */
  float[] floats() {
    return rows(null, 0, rows());
  }

  /** The same rows, in the same representation (bytes stay bytes). */
  Column select(int[] order, int from, int to) {
    return new Column(name, shape, values.select(order, from, to, rowSize()), classes);
  }

  Column mapped(Values.FloatMap f) {
    return new Column(name, shape, values.map(f), classes);
  }

  Column reshaped(Shape s) {
    return new Column(name, s, values, classes);
  }

  /** {@code [n, …shape]}. */
  Shape withCount(int n) {
    int[] d = new int[shape.rank() + 1];
    d[0] = n;
    System.arraycopy(shape.dims(), 0, d, 1, shape.rank());
    return Shape.of(d);
  }

  /** {@code n} rows as a tensor {@code [n, …shape]}, without a copy. */
  Tensor tensor(float[] rows, int n) {
    return Tensor.wrap(withCount(n), rows);
  }
}
