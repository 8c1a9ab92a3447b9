package io.nabla.nn.io;

import com.google.common.base.Preconditions;
import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.Parameter;
import io.nabla.nn.optim.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Saves and restores a model's parameters, running statistics and optimizer state as one
 * safetensors file (readable by PyTorch's {@code safetensors.torch.load_file}). Tensors keep the
 * graph's names ({@code conv1/weight}); optimizer state is stored under {@code optimizer/}.
 * Files are written atomically; loading checks every name and shape before changing anything.
 */
public final class Checkpoint {
  /** Metadata key naming the format, checked on load. */
  public static final String FORMAT_KEY = "format";
  public static final String FORMAT = "nabla-checkpoint-1";
  private static final String OPTIMIZER = "optimizer/";

  private Checkpoint() {}

  /** Writes {@code model} (and {@code optimizer}'s state, if given) to {@code file}. */
  public static void save(Path file, Model model, Optimizer optimizer,
      Map<String, String> metadata) throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (Node v : variables(model)) {
      tensors.put(v.name(), model.session().value(v));
    }
    if (optimizer != null) {
      optimizer.state().forEach((k, v) -> tensors.put(OPTIMIZER + k, v));
    }
    Map<String, String> meta = new LinkedHashMap<>(metadata);
    meta.put(FORMAT_KEY, FORMAT);
    meta.put("parameters", Long.toString(model.parameterCount()));
    Safetensors.write(file, tensors, meta);
  }

  /**
   * Restores {@code model} (and {@code optimizer}, if given) from {@code file}; returns the
   * file's metadata. Fails, changing nothing, when a name is missing or extra, a shape differs, a
   * stored value is NaN or infinite, or the optimizer state belongs to other parameters.
   */
  public static Map<String, String> load(Path file, Model model, Optimizer optimizer)
      throws IOException {
    SafetensorsFile f = Safetensors.read(file);
    String format = f.metadata().get(FORMAT_KEY);
    if (!FORMAT.equals(format)) {
      throw new CheckpointFormatException(file, "not a Nabla checkpoint (metadata '"
          + FORMAT_KEY + "' is " + (format == null ? "missing" : "'" + format + "'")
          + ", expected '" + FORMAT + "'); a plain safetensors file is read with"
          + " Safetensors.read");
    }
    Map<String, Tensor> stored = f.tensors();
    List<String> problems = new ArrayList<>();
    TreeSet<String> unused = new TreeSet<>(stored.keySet());
    for (Node v : variables(model)) {
      Tensor t = stored.get(v.name());
      unused.remove(v.name());
      if (t == null) {
        problems.add("it lacks '" + v.name() + "' " + v.shape().describe());
      } else if (!t.shape().equals(v.shape())) {
        problems.add("'" + v.name() + "' is " + t.shape().describe() + " in the file but "
            + v.shape().describe() + " in the model");
      }
    }
    Map<String, Tensor> optimizerState = new LinkedHashMap<>();
    for (String name : List.copyOf(unused)) {
      if (name.startsWith(OPTIMIZER)) {
        unused.remove(name);
        optimizerState.put(name.substring(OPTIMIZER.length()), stored.get(name));
      }
    }
    if (!unused.isEmpty()) {
      problems.add("it holds " + unused + ", which the model does not have");
    }
    if (optimizer != null) {
      optimizerState.forEach((k, t) -> optimizerProblem(model, k, t).ifPresent(problems::add));
    }
    if (!problems.isEmpty()) {
      throw new CheckpointFormatException(file, "does not fit this model: "
          + String.join("; ", problems) + ". Was it saved from a different model?");
    }
    List<String> damaged = new ArrayList<>();
    for (Node v : variables(model)) {
      nonFinite(v.name(), stored.get(v.name())).ifPresent(damaged::add);
    }
    if (optimizer != null) {
      optimizerState.forEach((k, t) -> nonFinite(OPTIMIZER + k, t).ifPresent(damaged::add));
    }
    if (!damaged.isEmpty()) {
      throw new CheckpointFormatException(file, "holds non-finite values: "
          + String.join("; ", damaged) + ". The model had diverged when it was saved; load an"
          + " earlier checkpoint");
    }
    if (optimizer != null) {
      optimizer.loadState(optimizerState);
    }
    for (Node v : variables(model)) {
      model.session().assign(v, stored.get(v.name()));
    }
    return f.metadata();
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

  private static List<Node> variables(Model model) {
    Preconditions.checkNotNull(model, "model is null");
    List<Node> all = new ArrayList<>();
    model.parameters().stream().map(Parameter::variable).forEach(all::add);
    all.addAll(model.states());
    return all;
  }
}
