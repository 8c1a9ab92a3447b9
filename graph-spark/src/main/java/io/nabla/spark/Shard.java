package io.nabla.spark;

import com.google.common.base.Preconditions;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.data.Batch;
import io.nabla.nn.data.Dataset;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One partition's examples, as plain arrays that Spark can serialize and cache: each named input
 * and target with its shape. A step's local batch is cut from a per-epoch shuffle of the shard
 * ({@link #batch}), so a retried task takes exactly the batch the failed attempt took.
 */
public final class Shard implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int size;
  private final List<NamedArray> columns;

  private record NamedArray(String name, boolean input, boolean classes, int[] dims,
      float[] data) implements Serializable {}

  private Shard(int size, List<NamedArray> columns) {
    this.size = size;
    this.columns = columns;
  }

  /** The examples of {@code data}, copied. */
  public static Shard of(Dataset data) {
    List<NamedArray> cols = new ArrayList<>();
    for (String name : data.inputNames()) {
      Tensor t = data.input(name);
      cols.add(new NamedArray(name, true, false, t.shape().dims(), t.toArray()));
    }
    for (String name : data.targetNames()) {
      Tensor t = data.target(name);
      cols.add(new NamedArray(name, false, data.holdsClasses(name), t.shape().dims(),
          t.toArray()));
    }
    return new Shard(data.size(), List.copyOf(cols));
  }

  /**
   * {@code data} cut into {@code parts} contiguous shards whose sizes differ by at most one
   * (shuffle it first if it is ordered by class).
   */
  public static List<Shard> split(Dataset data, int parts) {
    Preconditions.checkArgument(parts >= 1 && parts <= data.size(),
        "cannot cut %s examples into %s shards; use between 1 and %s", data.size(), parts,
        data.size());
    List<Shard> shards = new ArrayList<>();
    for (int i = 0; i < parts; i++) {
      int from = (int) ((long) data.size() * i / parts);
      int to = (int) ((long) data.size() * (i + 1) / parts);
      shards.add(of(data.slice(from, to)));
    }
    return shards;
  }

  /** Examples in this shard. */
  public int size() {
    return size;
  }

  /**
   * Local batch {@code step} (from 0) of {@code epoch}: examples {@code [step·b, (step+1)·b)} of
   * the shard shuffled by {@code seed}, {@code epoch} and {@code partition}.
   *
   * @throws IllegalArgumentException when the shard holds fewer than {@code (step+1)·b}
   *     examples
   */
  public Batch batch(long seed, int epoch, int partition, int step, int batchSize) {
    Preconditions.checkArgument((long) (step + 1) * batchSize <= size,
        "local batch %s of %s examples needs %s examples but the shard of partition %s holds"
        + " %s", step, batchSize, (long) (step + 1) * batchSize, partition, size);
    int[] order = permutation(new Random(seed * 7919 + epoch * 1_000_003L + partition));
    Map<String, Tensor> inputs = new LinkedHashMap<>();
    Map<String, Tensor> targets = new LinkedHashMap<>();
    for (NamedArray c : columns) {
      int row = c.data.length / Math.max(1, size);
      float[] out = new float[row * batchSize];
      for (int i = 0; i < batchSize; i++) {
        System.arraycopy(c.data, order[step * batchSize + i] * row, out, i * row, row);
      }
      int[] dims = c.dims.clone();
      dims[0] = batchSize;
      (c.input ? inputs : targets).put(c.name, Tensor.wrap(Shape.of(dims), out));
    }
    return Batch.of(inputs, targets);
  }

  private int[] permutation(Random random) {
    int[] p = new int[size];
    Arrays.setAll(p, i -> i);
    for (int i = size - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** The shard as a dataset (for a driver-side check). */
  public Dataset toDataset() {
    Dataset.Builder b = Dataset.builder();
    for (NamedArray c : columns) {
      Tensor t = Tensor.of(Shape.of(c.dims), c.data);
      if (c.input) {
        b.input(c.name, t);
      } else if (c.classes) {
        b.labels(c.name, t);
      } else {
        b.target(c.name, t);
      }
    }
    return b.build();
  }
}
