package io.nabla.nn.data;

import com.google.common.base.Preconditions;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * An immutable, in-memory set of examples: named input tensors and named target tensors, each
 * {@code [N, …]} with the same {@code N}. Values are stored as floats, or as unsigned bytes for
 * images (a quarter of the memory: {@link FashionMnist#load} and {@link Builder#inputBytes} keep
 * pixels so; each batch turns them into floats as it is copied out). The common case — features
 * and class indices — is {@code new Dataset(features, labels)}, whose input is named {@code
 * input} and whose target {@code labels}; any other is made with {@link #builder()}: several
 * inputs, class indices, targets of any shape (regression, multi-label), or no target at all
 * (auto-encoders). Every derived dataset (slice, split, scaled, reshaped…) is a new value;
 * batches copy whole rows.
 */
public final class Dataset {
  /** The input name of {@code new Dataset(features, labels)}. */
  public static final String INPUT = "input";
  /** The target name of {@code new Dataset(features, labels)}. */
  public static final String LABELS = "labels";

  private final List<Column> inputs;
  private final List<Column> targets;
  private final int size;
  private final int numClasses;

  /**
   * A dataset holding copies of {@code features} {@code [N, …]} (input {@code input}) and class
   * indices {@code labels} {@code [N]} (target {@code labels}).
   *
   * @throws IllegalArgumentException when the shapes disagree or a label is not a class index
   */
  public Dataset(Tensor features, Tensor labels) {
    this(List.of(column(INPUT, features, false)), List.of(labels(labels, features)));
  }

  /** Takes ownership of the values and labels (no copy); nobody may write to them afterwards. */
  Dataset(Shape featureShape, Values features, float[] labels) {
    this(List.of(new Column(INPUT, featureShape, features, false)),
        List.of(Column.of(LABELS, Shape.of(), labels, true)));
  }

  private Dataset(List<Column> inputs, List<Column> targets) {
    Preconditions.checkArgument(!inputs.isEmpty(), "a dataset needs at least one input");
    this.inputs = List.copyOf(inputs);
    this.targets = List.copyOf(targets);
    Column first = inputs.get(0);
    Preconditions.checkArgument(first.shape().isKnown(),
        "the shape %s of one example of '%s' must be fully known", first.shape(), first.name());
    Preconditions.checkArgument(first.values().length() % Math.max(1, first.rowSize()) == 0,
        "%s values of '%s' do not make whole examples of %s", first.values().length(),
        first.name(), first.shape().describe());
    this.size = first.rows();
    int classes = 0;
    List<String> names = new ArrayList<>();
    for (Column c : all()) {
      Preconditions.checkArgument(!names.contains(c.name()),
          "a dataset's tensors need different names; '%s' is given twice", c.name());
      names.add(c.name());
      Preconditions.checkArgument((long) c.rowSize() * size == c.values().length(),
          "'%s' holds %s values, which are not %s examples of %s like '%s'", c.name(),
          c.values().length(), size, c.shape().describe(), first.name());
      if (c.classes()) {
        int max = -1;
        for (int i = 0; i < c.values().length(); i++) {
          max = Math.max(max, (int) c.values().get(i));
        }
        classes = Math.max(classes, max + 1);
      }
    }
    this.numClasses = classes;
  }

  private static Column column(String name, Tensor t, boolean classes) {
    Preconditions.checkNotNull(t, "tensor '%s' is null", name);
    Shape s = t.shape();
    Preconditions.checkArgument(s.rank() >= 1,
        "'%s' %s needs a leading example dimension: [N, …]", name, s.describe());
    if (classes) {
      Preconditions.checkArgument(s.rank() == 1,
          "labels '%s' %s must be a vector [N] of class indices", name, s.describe());
    }
    return Column.of(name, Shape.of(Arrays.copyOfRange(s.dims(), 1, s.rank())), t.toArray(),
        classes);
  }

  private static Column labels(Tensor labels, Tensor features) {
    Preconditions.checkArgument(features.shape().rank() >= 1,
        "features %s need a leading example dimension: [N, …]", features.shape().describe());
    Preconditions.checkArgument(labels.shape().rank() == 1,
        "labels %s must be a vector [N] of class indices", labels.shape().describe());
    Preconditions.checkArgument(features.shape().dim(0) == labels.shape().dim(0),
        "features %s hold %s examples but labels %s hold %s", features.shape().describe(),
        features.shape().dim(0), labels.shape().describe(), labels.shape().dim(0));
    return column(LABELS, labels, true);
  }

  /** Starts a dataset of named inputs and targets. */
  public static Builder builder() {
    return new Builder();
  }

  /** Assembles a {@link Dataset} from named tensors, each {@code [N, …]} with the same N. */
  public static final class Builder {
    private final List<Column> inputs = new ArrayList<>();
    private final List<Column> targets = new ArrayList<>();

    private Builder() {}

    /** An input the model takes by this name. */
    public Builder input(String name, Tensor values) {
      inputs.add(column(name, values, false));
      return this;
    }

    /**
     * An input of unsigned bytes {@code 0…255}, e.g. pixels, {@code [N, …exampleDims]}, kept as
     * bytes: a quarter of the memory of floats. {@link Dataset#scaled} and {@link
     * Dataset#standardized} still apply (they map what each byte stands for); batches hold the
     * resulting floats.
     *
     * @throws IllegalArgumentException when the values do not make whole examples
     */
    public Builder inputBytes(String name, byte[] values, int... exampleDims) {
      Preconditions.checkNotNull(values, "values of '%s' are null", name);
      Shape s = Shape.of(exampleDims);
      Preconditions.checkArgument(s.isKnown() && s.size() > 0 && values.length % s.size() == 0,
          "%s bytes of '%s' do not make whole examples of %s", values.length, name,
          s.describe());
      inputs.add(new Column(name, s, Values.unsignedBytes(values.clone()), false));
      return this;
    }

    /** A target of class indices {@code [N]}, whole numbers ≥ 0 (cross-entropy, accuracy). */
    public Builder labels(String name, Tensor classIndices) {
      targets.add(column(name, classIndices, true));
      return this;
    }

    /** A target of any shape {@code [N, …]}: values for regression, 0/1 for multi-label. */
    public Builder target(String name, Tensor values) {
      targets.add(column(name, values, false));
      return this;
    }

    /**
     * The dataset, holding copies of the tensors.
     *
     * @throws IllegalArgumentException when there is no input, two tensors share a name, or
     *     they hold different numbers of examples
     */
    public Dataset build() {
      return new Dataset(inputs, targets);
    }
  }

  private List<Column> all() {
    List<Column> all = new ArrayList<>(inputs);
    all.addAll(targets);
    return all;
  }

  /** The number of examples, {@code N}. */
  public int size() {
    return size;
  }

  /** The input names, in order. */
  public List<String> inputNames() {
    return inputs.stream().map(Column::name).toList();
  }

  /** The target names, in order (none for a dataset of inputs only). */
  public List<String> targetNames() {
    return targets.stream().map(Column::name).toList();
  }

  /** Whether target {@code name} holds class indices. */
  public boolean holdsClasses(String name) {
    return find(targets, name, "target").classes();
  }

  private Column find(List<Column> in, String name, String what) {
    for (Column c : in) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException("the dataset has no " + what + " '" + name + "'; its "
        + what + "s are " + (in.isEmpty() ? "none" : String.join(", ",
            in.stream().map(Column::name).toList())));
  }

  private Column sole(List<Column> in, String what) {
    if (in.size() != 1) {
      throw new IllegalStateException("the dataset has " + in.size() + " " + what + "s ("
          + String.join(", ", in.stream().map(Column::name).toList()) + "); name the one you"
          + " mean");
    }
    return in.get(0);
  }

  /** A copy of input {@code name}, {@code [N, …]}. */
  public Tensor input(String name) {
    Column c = find(inputs, name, "input");
    return Tensor.wrap(c.withCount(size), c.floats());
  }

  /** A copy of target {@code name}, {@code [N, …]}. */
  public Tensor target(String name) {
    Column c = find(targets, name, "target");
    return Tensor.wrap(c.withCount(size), c.floats());
  }

  /** The shape of one example of input or target {@code name}. */
  public Shape shape(String name) {
    for (Column c : all()) {
      if (c.name().equals(name)) {
        return c.shape();
      }
    }
    return find(inputs, name, "tensor").shape();
  }

  /** The shape of one example of the sole input (the features' shape without {@code N}). */
  public Shape featureShape() {
    return sole(inputs, "input").shape();
  }

  /** A copy of the sole input's values, {@code [N, …]}. */
  public Tensor features() {
    return input(sole(inputs, "input").name());
  }

  /** A copy of the sole target's values; class indices {@code [N]} for a labelled set. */
  public Tensor labels() {
    return target(sole(targets, "target").name());
  }

  /** The class index of example {@code i}, from the sole target. */
  public int label(int i) {
    Preconditions.checkElementIndex(i, size(), "example");
    return (int) sole(targets, "target").values().get(i);
  }

  /** The largest class index of the targets holding classes, plus one (0: none). */
  public int numClasses() {
    return numClasses;
  }

  /** How many examples each class {@code 0 … numClasses()-1} has, in the sole target. */
  public int[] classCounts() {
    int[] counts = new int[numClasses];
    Values labels = sole(targets, "target").values();
    for (int i = 0; i < labels.length(); i++) {
      counts[(int) labels.get(i)]++;
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
    return select(null, from, to);
  }

  /** The first {@code min(n, size())} examples. */
  public Dataset take(int n) {
    Preconditions.checkArgument(n >= 0, "cannot take %s examples", n);
    return slice(0, Math.min(n, size()));
  }

  /** The examples in an order drawn from {@code seed}; the same seed gives the same order. */
  public Dataset shuffled(long seed) {
    return select(permutation(size(), new Random(seed)), 0, size());
  }

  private Dataset select(int[] order, int from, int to) {
    UnaryOperator<Column> cut = c -> c.select(order, from, to);
    return new Dataset(inputs.stream().map(cut).toList(), targets.stream().map(cut).toList());
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

  /** Every input value multiplied by {@code factor}, e.g. {@code 1/255f} for byte images. */
  public Dataset scaled(float factor) {
    Preconditions.checkArgument(Float.isFinite(factor), "scale factor is %s", factor);
    return mapInputs(v -> v * factor);
  }

  /** Every input value as {@code (x - mean) / std}; use the training set's statistics for all. */
  public Dataset standardized(float mean, float std) {
    Preconditions.checkArgument(Float.isFinite(mean) && Float.isFinite(std) && std > 0,
        "standardizing needs a finite mean and a finite std > 0, not mean %s and std %s",
        mean, std);
    float inv = 1f / std;
    return mapInputs(v -> (v - mean) * inv);
  }

  private Dataset mapInputs(Values.FloatMap f) {
    return new Dataset(inputs.stream().map(c -> c.mapped(f)).toList(), targets);
  }

  /** The mean of all values of the sole input (0 for an empty dataset). */
  public float featureMean() {
    Values features = sole(inputs, "input").values();
    double sum = 0;
    for (int i = 0; i < features.length(); i++) {
      sum += features.get(i);
    }
    return features.length() == 0 ? 0f : (float) (sum / features.length());
  }

  /** The population standard deviation of the sole input's values (0 for an empty dataset). */
  public float featureStd() {
    Values features = sole(inputs, "input").values();
    double mean = featureMean();
    double sum = 0;
    for (int i = 0; i < features.length(); i++) {
      double d = features.get(i) - mean;
      sum += d * d;
    }
    return features.length() == 0 ? 0f : (float) Math.sqrt(sum / features.length());
  }

  /** The same examples with each one of the sole input seen as {@code featureDims}. */
  public Dataset reshaped(int... featureDims) {
    return reshaped(sole(inputs, "input").name(), featureDims);
  }

  /** The same examples with each one of input {@code name} seen as {@code dims}, e.g. 784 → 1×28×28. */
  public Dataset reshaped(String name, int... dims) {
    Column c = find(inputs, name, "input");
    Shape s = Shape.of(dims);
    Preconditions.checkArgument(s.isKnown() && s.size() == c.rowSize(),
        "cannot reshape examples of %s (%s values) into %s", c.shape().describe(), c.rowSize(),
        s.describe());
    return new Dataset(inputs.stream().map(i -> i == c ? i.reshaped(s) : i).toList(), targets);
  }

  /** Rows {@code order[from…to)} (or {@code from…to} when {@code order} is null), copied. */
  Batch rows(int[] order, int from, int to) {
    Map<String, Tensor> in = new LinkedHashMap<>();
    for (Column c : inputs) {
      in.put(c.name(), c.tensor(c.rows(order, from, to), to - from));
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Column c : targets) {
      out.put(c.name(), c.tensor(c.rows(order, from, to), to - from));
    }
    return Batch.of(in, out);
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

  /**
   * E.g. {@code Dataset[60000 × f32[1,28,28], 10 classes]}, or with names for other sets:
   * {@code Dataset[500 × image f32[1,28,28], size f32[1] → class (10 classes), price f32[1]]}.
   */
  @Override
  public String toString() {
    if (inputs.size() == 1 && targets.size() == 1 && inputs.get(0).name().equals(INPUT)
        && targets.get(0).name().equals(LABELS) && targets.get(0).classes()) {
      return "Dataset[" + size + " × " + featureShape().describe() + ", " + numClasses
          + " classes]";
    }
    StringBuilder sb = new StringBuilder("Dataset[" + size + " × ");
    sb.append(String.join(", ", inputs.stream().map(c -> c.name() + " " + c.shape().describe())
        .toList()));
    if (!targets.isEmpty()) {
      sb.append(" → ").append(String.join(", ", targets.stream().map(c -> c.name() + " "
          + (c.classes() ? "(classes)" : c.shape().describe())).toList()));
    }
    return sb.append(']').toString();
  }
}
