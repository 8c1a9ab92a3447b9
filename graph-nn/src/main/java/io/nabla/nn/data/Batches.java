package io.nabla.nn.data;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * The mini-batches of one epoch, made on demand: batch {@code i} is copied out of the dataset
 * when it is asked for, so an epoch never holds a second copy of the whole dataset.
 */
final class Batches extends AbstractList<Batch> implements RandomAccess {
  private final Dataset dataset;
  private final int batchSize;
  private final int[] order;

  /** Batches of {@code batchSize} in {@code order} (null: the dataset's own order). */
  Batches(Dataset dataset, int batchSize, int[] order) {
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.order = order;
  }

  @Override
  public Batch get(int index) {
    if (index < 0 || index >= size()) {
      throw new IndexOutOfBoundsException("batch " + index + " of " + size());
    }
    int from = index * batchSize;
    int to = Math.min(from + batchSize, dataset.size());
    return dataset.rows(order, from, to);
  }

  @Override
  public int size() {
    return (int) (((long) dataset.size() + batchSize - 1) / batchSize);
  }
}
