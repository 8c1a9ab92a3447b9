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
      int actual = (int) labels.get(i);
      if (best == actual) {
        correct++;
      }
      if (confusion != null && actual >= 0 && actual < classes) {
        confusion[actual][best]++;
      }
    }
    return correct;
  }
}
