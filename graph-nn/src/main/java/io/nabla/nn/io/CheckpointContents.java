package io.nabla.nn.io;

import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.model.Model;
import io.nabla.nn.optim.Optimizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
   */
  public void applyTo(Model model, Optimizer optimizer) {
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
    if (!problems.isEmpty()) {
      throw new CheckpointFormatException(file, "does not fit this model: "
          + String.join("; ", problems) + ". Was it saved from a different model?");
    }
    if (optimizer != null) {
      optimizer.loadState(withPrefix(Checkpoint.OPTIMIZER));
    }
    for (Node v : variables) {
      model.session().assign(v, tensors.get(v.name()));
    }
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
