package io.nabla.nn.io;

import com.google.common.base.Preconditions;
import io.nabla.core.graph.Node;
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
import java.util.TreeSet;

/**
 * Saves and restores a model's parameters, running statistics and optimizer state as one
 * safetensors file (readable by PyTorch's {@code safetensors.torch.load_file}). Tensors keep the
 * graph's names ({@code conv1/weight}); optimizer state is stored under {@code optimizer/}.
 * Files are written atomically; loading checks every name and shape before changing anything.
 * Saving while another thread trains the model writes the values of one whole step.
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
    // parameters and optimizer state of one step, even while another thread trains
    Map<String, Tensor> tensors = model.session().read(() -> {
      Map<String, Tensor> t = new LinkedHashMap<>();
      for (Node v : variables(model)) {
        t.put(v.name(), model.session().value(v));
      }
      if (optimizer != null) {
        optimizer.state().forEach((k, v) -> t.put(OPTIMIZER + k, v));
      }
      return t;
    });
    Map<String, String> meta = new LinkedHashMap<>(metadata);
    meta.put(FORMAT_KEY, FORMAT);
    meta.put("parameters", Long.toString(model.parameterCount()));
    Safetensors.write(file, tensors, meta);
  }

  /**
   * Restores {@code model} (and {@code optimizer}, if given) from {@code file}; returns the
   * file's metadata. Fails, changing nothing, when a name is missing or extra or a shape differs.
   */
  public static Map<String, String> load(Path file, Model model, Optimizer optimizer)
      throws IOException {
    SafetensorsFile f = Safetensors.read(file);
    String format = f.metadata().get(FORMAT_KEY);
    if (!FORMAT.equals(format)) {
      throw new CheckpointFormatException(file, "not a Nabla checkpoint (metadata '"
          + FORMAT_KEY + "' is " + (format == null ? "missing" : "'" + format + "'")
          + ", expected '" + FORMAT + "')");
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
    if (!problems.isEmpty()) {
      throw new CheckpointFormatException(file, "does not fit this model: "
          + String.join("; ", problems) + ". Was it saved from a different model?");
    }
    model.session().update(() -> {
      if (optimizer != null) {
        optimizer.loadState(optimizerState);
      }
      for (Node v : variables(model)) {
        model.session().assign(v, stored.get(v.name()));
      }
    });
    return f.metadata();
  }

  private static List<Node> variables(Model model) {
    Preconditions.checkNotNull(model, "model is null");
    List<Node> all = new ArrayList<>();
    model.parameters().stream().map(Parameter::variable).forEach(all::add);
    all.addAll(model.states());
    return all;
  }
}
