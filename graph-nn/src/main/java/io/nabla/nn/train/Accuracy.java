package io.nabla.nn.train;

import io.nabla.core.tensor.Tensor;

/** Counting correct predictions from class scores. */
final class Accuracy {
  private Accuracy() {}

  /** How many rows of {@code scores [n,C]} have their maximum at the label. */
  static long correct(Tensor scores, Tensor labels) {
    return confuse(scores, labels, null);
  }

  /** As {@link #correct}, also counting into {@code confusion[actual][predicted]} if given. */
  static long confuse(Tensor scores, Tensor labels, int[][] confusion) {
    int n = scores.shape().dim(0);
    int classes = scores.shape().dim(1);
    float[] s = scores.data();
    long correct = 0;
    for (int i = 0; i < n; i++) {
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (s[i * classes + c] > s[i * classes + best]) {
          best = c;
        }
      }
      float label = labels.get(i);
      int actual = (int) label;
      if (actual != label || actual < 0 || actual >= classes) {
        // a wrong label must not pass as a miss: it means the data and the model disagree
        throw new IllegalArgumentException("the label of example " + i + " is " + label
            + ", not a class index of the scores " + scores.shape().describe()
            + "; labels must be whole numbers 0.." + (classes - 1));
      }
      if (best == actual) {
        correct++;
      }
      if (confusion != null) {
        confusion[actual][best]++;
      }
    }
    return correct;
  }
}
