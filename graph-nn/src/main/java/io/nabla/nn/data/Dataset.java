package io.nabla.nn.data;

import com.google.common.base.Preconditions;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * An immutable, in-memory set of labelled examples: features of shape {@code [N, …]} and class
 * indices of shape {@code [N]}, stored as floats. Every derived dataset (slice, split, scaled,
 * reshaped…) is a new value; batches copy whole rows with {@link System#arraycopy}.
 */
public final class Dataset {
  /** Labels must be whole numbers in {@code [0, MAX_LABEL]}, exact as floats. */
  static final int MAX_LABEL = 1 << 24;

  private final Shape featureShape;
  private final int rowSize;
  private final float[] features;
  private final float[] labels;
  private final int numClasses;

  /**
   * A dataset holding copies of {@code features} {@code [N, …]} and {@code labels} {@code [N]}.
   *
   * @throws IllegalArgumentException when the shapes disagree or a label is not a class index
   */
  public Dataset(Tensor features, Tensor labels) {
    this(featureShapeOf(features, labels), features.toArray(), labels.toArray());
  }

  /** Takes ownership of the arrays (no copy); nobody may write to them afterwards. */
  Dataset(Shape featureShape, float[] features, float[] labels) {
    Preconditions.checkArgument(featureShape.isKnown(),
        "the feature shape %s must be fully known", featureShape);
    this.featureShape = featureShape;
    this.rowSize = featureShape.size();
    Preconditions.checkArgument((long) rowSize * labels.length == features.length,
        "%s feature values do not make %s examples of %s", features.length, labels.length,
        featureShape.describe());
    this.features = features;
    this.labels = labels;
    int max = -1;
    for (int i = 0; i < labels.length; i++) {
      float v = labels[i];
      if (!(v >= 0 && v <= MAX_LABEL && v == Math.rint(v))) {
        throw new IllegalArgumentException("label " + i + " is " + v + "; labels are class"
            + " indices, whole numbers from 0 to " + MAX_LABEL);
      }
      max = Math.max(max, (int) v);
    }
    this.numClasses = max + 1;
  }

  private static Shape featureShapeOf(Tensor features, Tensor labels) {
    Shape f = features.shape();
    Shape l = labels.shape();
    Preconditions.checkArgument(f.rank() >= 1,
        "features %s need a leading example dimension: [N, …]", f.describe());
    Preconditions.checkArgument(l.rank() == 1,
        "labels %s must be a vector [N] of class indices", l.describe());
    Preconditions.checkArgument(f.dim(0) == l.dim(0),
        "features %s hold %s examples but labels %s hold %s", f.describe(), f.dim(0),
        l.describe(), l.dim(0));
    return Shape.of(Arrays.copyOfRange(f.dims(), 1, f.rank()));
  }

  /** The number of examples, {@code N}. */
  public int size() {
    return labels.length;
  }

  /** The shape of one example (the features' shape without {@code N}). */
  public Shape featureShape() {
    return featureShape;
  }

  /** A copy of all features, {@code [N, …]}. */
  public Tensor features() {
    return Tensor.wrap(withCount(size()), features.clone());
  }

  /** A copy of all labels, {@code [N]}. */
  public Tensor labels() {
    return Tensor.wrap(Shape.of(size()), labels.clone());
  }

  /** The class index of example {@code i}. */
  public int label(int i) {
    Preconditions.checkElementIndex(i, size(), "example");
    return (int) labels[i];
  }

  /** The largest label plus one (0 for an empty dataset). */
  public int numClasses() {
    return numClasses;
  }

  /** How many examples each class {@code 0 … numClasses()-1} has. */
  public int[] classCounts() {
    int[] counts = new int[numClasses];
    for (float v : labels) {
      counts[(int) v]++;
    }
    return counts;
  }

  /**
   * The mini-batches of one epoch: every example exactly once, in order when {@code shuffle} is
   * null, else in an order drawn from it (a seeded {@link Random} gives a reproducible order).
   * The last batch holds the remainder and may be smaller. Batches are copied out on demand.
   */
  public List<Batch> batches(int batchSize, Random shuffle) {
    Preconditions.checkArgument(batchSize > 0, "batch size is %s; it must be positive",
        batchSize);
    return new Batches(this, batchSize, shuffle == null ? null : permutation(size(), shuffle));
  }

  /** Examples {@code from} (inclusive) to {@code to} (exclusive), copied. */
  public Dataset slice(int from, int to) {
    Preconditions.checkPositionIndexes(from, to, size());
    Batch b = rows(null, from, to);
    return new Dataset(featureShape, b.x().data(), b.y().data());
  }

  /** The first {@code min(n, size())} examples. */
  public Dataset take(int n) {
    Preconditions.checkArgument(n >= 0, "cannot take %s examples", n);
    return slice(0, Math.min(n, size()));
  }

  /** The examples in an order drawn from {@code seed}; the same seed gives the same order. */
  public Dataset shuffled(long seed) {
    Batch b = rows(permutation(size(), new Random(seed)), 0, size());
    return new Dataset(featureShape, b.x().data(), b.y().data());
  }

  /**
   * Shuffles with {@code seed}, then cuts: {@code train} gets {@code round(fraction·N)} examples
   * and {@code test} the rest.
   */
  public Splits split(double fraction, long seed) {
    Preconditions.checkArgument(fraction >= 0 && fraction <= 1,
        "split fraction is %s; it must lie in [0, 1]", fraction);
    Dataset all = shuffled(seed);
    int cut = (int) Math.round(fraction * size());
    return new Splits(all.slice(0, cut), all.slice(cut, size()));
  }

  /** Every feature multiplied by {@code factor}, e.g. {@code 1/255f} for byte images. */
  public Dataset scaled(float factor) {
    Preconditions.checkArgument(Float.isFinite(factor), "scale factor is %s", factor);
    float[] x = features.clone();
    for (int i = 0; i < x.length; i++) {
      x[i] *= factor;
    }
    return new Dataset(featureShape, x, labels);
  }

  /** Every feature as {@code (x - mean) / std}; use the training set's statistics for all. */
  public Dataset standardized(float mean, float std) {
    Preconditions.checkArgument(Float.isFinite(mean) && Float.isFinite(std) && std > 0,
        "standardizing needs a finite mean and a finite std > 0, not mean %s and std %s",
        mean, std);
    float[] x = features.clone();
    float inv = 1f / std;
    for (int i = 0; i < x.length; i++) {
      x[i] = (x[i] - mean) * inv;
    }
    return new Dataset(featureShape, x, labels);
  }

  /** The mean of all feature values (0 for an empty dataset). */
  public float featureMean() {
    double sum = 0;
    for (float v : features) {
      sum += v;
    }
    return features.length == 0 ? 0f : (float) (sum / features.length);
  }

  /** The population standard deviation of all feature values (0 for an empty dataset). */
  public float featureStd() {
    double mean = featureMean();
    double sum = 0;
    for (float v : features) {
      sum += (v - mean) * (v - mean);
    }
    return features.length == 0 ? 0f : (float) Math.sqrt(sum / features.length);
  }

  /** The same examples with each one seen as {@code featureDims}, e.g. 784 → 1×28×28. */
  public Dataset reshaped(int... featureDims) {
    Shape s = Shape.of(featureDims);
    Preconditions.checkArgument(s.isKnown() && s.size() == rowSize,
        "cannot reshape examples of %s (%s values) into %s", featureShape.describe(), rowSize,
        s.describe());
    return new Dataset(s, features, labels);
  }

  /** Rows {@code order[from…to)} (or {@code from…to} when {@code order} is null), copied. */
  Batch rows(int[] order, int from, int to) {
    int b = to - from;
    float[] x = new float[b * rowSize];
    float[] y = new float[b];
    if (order == null) {
      System.arraycopy(features, from * rowSize, x, 0, b * rowSize);
      System.arraycopy(labels, from, y, 0, b);
    } else {
      for (int r = 0; r < b; r++) {
        int src = order[from + r];
        System.arraycopy(features, src * rowSize, x, r * rowSize, rowSize);
        y[r] = labels[src];
      }
    }
    return new Batch(Tensor.wrap(withCount(b), x), Tensor.wrap(Shape.of(b), y));
  }

  /** A uniformly random permutation of {@code 0…n-1} (Fisher–Yates). */
  static int[] permutation(int n, Random random) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  private Shape withCount(int n) {
    int[] d = new int[featureShape.rank() + 1];
    d[0] = n;
    System.arraycopy(featureShape.dims(), 0, d, 1, featureShape.rank());
    return Shape.of(d);
  }

  /** E.g. {@code Dataset[60000 × f32[1,28,28], 10 classes]}. */
  @Override
  public String toString() {
    return "Dataset[" + size() + " × " + featureShape.describe() + ", " + numClasses
        + " classes]";
  }
}
