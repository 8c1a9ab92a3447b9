package io.nabla.nn.data;

import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;

/**
 * One named tensor of a dataset, {@code [N, …shape]}, stored row after row: an input, a target
 * of any shape, or class indices ({@code classes}: whole numbers ≥ 0, one per example).
 */
record Column(String name, Shape shape, float[] data, boolean classes) {
  /** Labels must be whole numbers in {@code [0, MAX_LABEL]}: larger ones are not exact floats. */
  static final int MAX_LABEL = 1 << 24;

  Column {
    if (classes) {
      for (int i = 0; i < data.length; i++) {
        float v = data[i];
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

  int rows() {
    return shape.size() == 0 ? 0 : data.length / shape.size();
  }

  /** Rows {@code order[from…to)} (or {@code from…to} when {@code order} is null), copied. */
  float[] rows(int[] order, int from, int to) {
    int r = rowSize();
    int b = to - from;
    float[] out = new float[b * r];
    if (order == null) {
      System.arraycopy(data, from * r, out, 0, b * r);
    } else {
      for (int i = 0; i < b; i++) {
        System.arraycopy(data, order[from + i] * r, out, i * r, r);
      }
    }
    return out;
  }

  Column withRows(float[] rows) {
    return new Column(name, shape, rows, classes);
  }

  Column reshaped(Shape s) {
    return new Column(name, s, data, classes);
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
