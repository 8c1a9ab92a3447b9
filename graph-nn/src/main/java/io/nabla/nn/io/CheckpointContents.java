package io.nabla.nn.io;

import com.google.common.base.Preconditions;
import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.Parameter;
import io.nabla.nn.optim.Optimizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A checkpoint read from a file and checked for damage, but not yet applied to a model: its
 * metadata and extra tensors can be examined before {@link #applyTo} changes anything.
 */
public final class CheckpointContents {
  private final Path file;
  private final Map<String, Tensor> tensors;
  private final Map<String, String> metadata;

  /** Takes the unmodifiable maps of a {@link SafetensorsFile}. */
  CheckpointContents(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
    this.file = file;
    this.tensors = tensors;
    this.metadata = metadata;
  }

  /** The file this was read from. */
  public Path file() {
    return file;
  }

  /** The metadata, including {@link Checkpoint#FORMAT_KEY}. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** The extra tensors saved with the model, by the names they were saved under. */
  public Map<String, Tensor> extra() {
    return withPrefix(Checkpoint.EXTRA);
  }

  /**
   * Restores {@code model}'s parameters and running statistics and, if given, {@code
   * optimizer}'s state. Fails, changing nothing, when a name is missing or extra or a shape
   * differs.
   *
   * @throws CheckpointFormatException naming every mismatch when the file does not fit
   * @throws IllegalArgumentException when the file holds the state of another kind of
   *     optimizer ({@link OtherOptimizerState#REFUSE})
   */
  public void applyTo(Model model, Optimizer optimizer) {
    applyTo(model, optimizer, OtherOptimizerState.REFUSE);
  }

  /**
   * As {@link #applyTo(Model, Optimizer)}, with {@code other} saying what to do with the state
   * of another kind of optimizer: refuse the file, or drop that state and clear the optimizer's.
   */
  public void applyTo(Model model, Optimizer optimizer, OtherOptimizerState other) {
    List<Node> variables = Checkpoint.variables(model);
    List<String> problems = new ArrayList<>();
    TreeSet<String> unused = new TreeSet<>(tensors.keySet());
    for (Node v : variables) {
      Tensor t = tensors.get(v.name());
      unused.remove(v.name());
      if (t == null) {
        problems.add("it lacks '" + v.name() + "' " + v.shape().describe());
      } else if (!t.shape().equals(v.shape())) {
        problems.add("'" + v.name() + "' is " + t.shape().describe() + " in the file but "
            + v.shape().describe() + " in the model");
      }
    }
    unused.removeIf(name -> name.startsWith(Checkpoint.OPTIMIZER)
        || name.startsWith(Checkpoint.EXTRA));
    if (!unused.isEmpty()) {
      problems.add("it holds " + unused + ", which the model does not have");
    }
    Map<String, Tensor> saved = withPrefix(Checkpoint.OPTIMIZER);
    Map<String, Tensor> optimizerState = optimizer == null
        || Preconditions.checkNotNull(other, "other is null").admits(file, metadata, saved,
        optimizer) ? saved : Map.of();
    if (optimizer != null) {
      optimizerState.forEach((k, t) -> optimizerProblem(model, k, t).ifPresent(problems::add));
    }
    if (!problems.isEmpty()) {
      throw new CheckpointFormatException(file, "does not fit this model: "
          + String.join("; ", problems) + ". Was it saved from a different model?");
    }
    List<String> damaged = new ArrayList<>();
    for (Node v : variables) {
      nonFinite(v.name(), tensors.get(v.name())).ifPresent(damaged::add);
    }
    if (optimizer != null) {
      optimizerState.forEach(
          (k, t) -> nonFinite(Checkpoint.OPTIMIZER + k, t).ifPresent(damaged::add));
    }
    if (!damaged.isEmpty()) {
      throw new CheckpointFormatException(file, "holds non-finite values: "
          + String.join("; ", damaged) + ". The model had diverged when it was saved; load an"
          + " earlier checkpoint");
    }
    // one update: a thread predicting meanwhile sees the old model or the new one, not a mix
    model.session().update(() -> {
      if (optimizer != null) {
        optimizer.loadState(optimizerState);
      }
      for (Node v : variables) {
        model.session().assign(v, tensors.get(v.name()));
      }
    });
  }

  /**
   * State {@code kind/param} (e.g. {@code momentum/dense1/weight}) must belong to a parameter of
   * the model and have its shape; names without a slash (a step counter) are the optimizer's own.
   */
  private static Optional<String> optimizerProblem(Model model, String key, Tensor t) {
    int slash = key.indexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    String param = key.substring(slash + 1);
    Optional<Parameter> p = model.parameters().stream().filter(q -> q.name().equals(param))
        .findFirst();
    if (p.isEmpty()) {
      return Optional.of("optimizer state '" + key + "' belongs to no parameter of the model");
    }
    Shape want = p.get().variable().shape();
    if (!t.shape().equals(want)) {
      return Optional.of("optimizer state '" + key + "' is " + t.shape().describe()
          + " but the parameter '" + param + "' is " + want.describe());
    }
    return Optional.empty();
  }

  /** A problem when {@code t} holds a NaN or an infinity. */
  private static Optional<String> nonFinite(String name, Tensor t) {
    float[] d = t.data();
    for (int i = 0; i < t.size(); i++) {
      if (!Float.isFinite(d[i])) {
        return Optional.of("'" + name + "' holds " + d[i] + " at element " + i);
      }
    }
    return Optional.empty();
  }

  private Map<String, Tensor> withPrefix(String prefix) {
    Map<String, Tensor> found = new LinkedHashMap<>();
    tensors.forEach((name, t) -> {
      if (name.startsWith(prefix)) {
        found.put(name.substring(prefix.length()), t);
      }
    });
    return found;
  }
}
