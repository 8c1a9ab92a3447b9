package io.nabla.nn.data;

import com.google.common.base.Preconditions;
import io.nabla.core.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One mini-batch: named inputs and named targets, each {@code [b, …]} with the same {@code b},
 * stored as floats. {@code new Batch(x, y)} is the common case: input {@code input} and class
 * indices {@code labels} {@code [b]}.
 */
public final class Batch {
  private final Map<String, Tensor> inputs;
  private final Map<String, Tensor> targets;
  private final int size;

  /** Features {@code x} {@code [b, …]} and class indices {@code y} {@code [b]}. */
  public Batch(Tensor x, Tensor y) {
    this(Map.of(Dataset.INPUT, x), Map.of(Dataset.LABELS, y), true);
    Preconditions.checkArgument(x.shape().rank() >= 1 && y.shape().rank() == 1
            && x.shape().dim(0) == y.shape().dim(0),
        "a batch needs x [b, …] and y [b] with the same b, not x %s and y %s",
        x.shape().describe(), y.shape().describe());
  }

  private Batch(Map<String, Tensor> inputs, Map<String, Tensor> targets, boolean checked) {
    Preconditions.checkArgument(!inputs.isEmpty(), "a batch needs at least one input");
    this.inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    this.targets = Collections.unmodifiableMap(new LinkedHashMap<>(targets));
    this.size = inputs.values().iterator().next().shape().rank() == 0 ? -1
        : inputs.values().iterator().next().shape().dim(0);
    if (!checked) {
      String first = inputs.keySet().iterator().next();
      Map<String, Tensor> all = new LinkedHashMap<>(inputs);
      all.putAll(targets);
      all.forEach((name, t) -> Preconditions.checkArgument(
          t.shape().rank() >= 1 && t.shape().dim(0) == size,
          "every tensor of a batch needs the same number of examples [b, …]; '%s' is %s but"
              + " '%s' is %s", name, t.shape().describe(), first,
          inputs.get(first).shape().describe()));
    }
  }

  /** A batch of named inputs and targets (see {@link Dataset#builder()}). */
  public static Batch of(Map<String, Tensor> inputs, Map<String, Tensor> targets) {
    return new Batch(inputs, targets, false);
  }

  /** The inputs by name. */
  public Map<String, Tensor> inputs() {
    return inputs;
  }

  /** The targets by name. */
  public Map<String, Tensor> targets() {
    return targets;
  }

  /** The sole input's values. */
  public Tensor x() {
    return sole(inputs, "input");
  }

  /** The sole target's values: class indices {@code [b]} for a labelled batch. */
  public Tensor y() {
    return sole(targets, "target");
  }

  private static Tensor sole(Map<String, Tensor> m, String what) {
    if (m.size() != 1) {
      throw new IllegalStateException("the batch has " + m.size() + " " + what + "s ("
          + String.join(", ", m.keySet()) + "); name the one you mean");
    }
    return m.values().iterator().next();
  }

  /** The number of examples, {@code b}. */
  public int size() {
    return size;
  }
}
