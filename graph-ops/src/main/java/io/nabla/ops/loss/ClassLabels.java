package io.nabla.ops.loss;

/** Class labels are stored as floats; this reads one and refuses anything but a class index. */
final class ClassLabels {
  private ClassLabels() {}

  static int index(float[] labels, int i, int classes) {
    float v = labels[i];
    int k = (int) v;
    if (k != v || k < 0 || k >= classes) {
      throw new IllegalArgumentException("the label of example " + i + " is " + v
          + ", not a class index in [0, " + classes + "); labels must be whole numbers 0.."
          + (classes - 1));
    }
    return k;
  }
}
