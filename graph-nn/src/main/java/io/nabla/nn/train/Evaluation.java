package io.nabla.nn.train;

import java.util.Locale;

/** Loss, accuracy and confusion matrix of a model on a dataset. */
public record Evaluation(double loss, double accuracy, int[][] confusion) {

  /** Examples of class {@code actual} predicted as {@code predicted}. */
  public int count(int actual, int predicted) {
    return confusion[actual][predicted];
  }

  /** The confusion matrix as a table, rows = actual class, columns = predicted. */
  public String confusionTable() {
    StringBuilder sb = new StringBuilder("actual\\predicted");
    for (int c = 0; c < confusion.length; c++) {
      sb.append(String.format(Locale.ROOT, "%6d", c));
    }
    sb.append('\n');
    for (int r = 0; r < confusion.length; r++) {
      sb.append(String.format(Locale.ROOT, "%16d", r));
      for (int c = 0; c < confusion.length; c++) {
        sb.append(String.format(Locale.ROOT, "%6d", confusion[r][c]));
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
