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

/**
 * Saves and restores a model's parameters, running statistics and optimizer state as one
 * safetensors file (readable by PyTorch's {@code safetensors.torch.load_file}). Tensors keep the
 * graph's names ({@code conv1/weight}); optimizer state is stored under {@code optimizer/} and
 * any extra tensors (a trainer's best weights, say) under {@code extra/}. Files are written
 * atomically; loading checks every name and shape before changing anything. Saving while
 * another thread trains the model writes the values of one whole step.
 */
public final class Checkpoint {
  /** Metadata key naming the format, checked on load. */
  public static final String FORMAT_KEY = "format";
  public static final String FORMAT = "nabla-checkpoint-1";
  /**
   * Metadata key naming the kind of optimizer whose state the file holds (e.g. {@code Adam}),
   * checked on load ({@link OtherOptimizerState}).
   */
  public static final String OPTIMIZER_KEY = "optimizer";
  static final String OPTIMIZER = "optimizer/";
  static final String EXTRA = "extra/";

  private Checkpoint() {}

  /** Writes {@code model} (and {@code optimizer}'s state, if given) to {@code file}. */
  public static void save(Path file, Model model, Optimizer optimizer,
      Map<String, String> metadata) throws IOException {
    save(file, model, optimizer, Map.of(), metadata);
  }

  /**
   * Writes {@code model}, {@code optimizer}'s state (if not null) and {@code extra} tensors to
   * {@code file}; {@link #read} gives the extra tensors back under the same names.
   */
  public static void save(Path file, Model model, Optimizer optimizer, Map<String, Tensor> extra,
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
    extra.forEach((k, v) -> tensors.put(EXTRA + k, v));
    Map<String, String> meta = new LinkedHashMap<>(metadata);
    meta.put(FORMAT_KEY, FORMAT);
    meta.put("parameters", Long.toString(model.parameterCount()));
    if (optimizer != null) {
      meta.put(OPTIMIZER_KEY, OtherOptimizerState.kindOf(optimizer));
    }
    Safetensors.write(file, tensors, meta);
  }

  /**
   * Restores {@code model} (and {@code optimizer}, if given) from {@code file}; returns the
   * file's metadata. Fails, changing nothing, when a name is missing or extra, a shape differs,
   * or the file holds the state of another kind of optimizer ({@link OtherOptimizerState}).
   */
  public static Map<String, String> load(Path file, Model model, Optimizer optimizer)
      throws IOException {
    return load(file, model, optimizer, OtherOptimizerState.REFUSE);
  }

  /**
   * As {@link #load(Path, Model, Optimizer)}, with {@code other} saying what to do with the
   * state of another kind of optimizer: refuse the file, or drop that state.
   */
  public static Map<String, String> load(Path file, Model model, Optimizer optimizer,
      OtherOptimizerState other) throws IOException {
    CheckpointContents contents = read(file);
    contents.applyTo(model, optimizer, other);
    return contents.metadata();
  }

  /**
   * Reads and checks {@code file} without applying it to a model, so that its metadata can be
   * examined first; {@link CheckpointContents#applyTo} then restores a model. The file must
   * carry the checksum over all of it ({@link Safetensors#CHECKSUM_KEY}) that every checkpoint
   * this version writes has: a change anywhere — metadata, training progress, names, shapes or
   * data — is refused.
   *
   * @throws CheckpointFormatException when the file is damaged, has no checksum (an older file:
   *     see {@link #readUnchecked}) or is not a Nabla checkpoint
   */
  public static CheckpointContents read(Path file) throws IOException {
    return contents(file, Safetensors.readChecked(file));
  }

  /**
   * As {@link #read}, but also accepts a checkpoint written by an older version, whose checksum
   * covered only the data (still verified when present) and not the header: its metadata and
   * names are taken on trust. Load such a file once and save it again to protect it fully.
   */
  public static CheckpointContents readUnchecked(Path file) throws IOException {
    return contents(file, Safetensors.read(file));
  }

  private static CheckpointContents contents(Path file, SafetensorsFile f) {
    String format = f.metadata().get(FORMAT_KEY);
    if (!FORMAT.equals(format)) {
      throw new CheckpointFormatException(file, "not a Nabla checkpoint (metadata '"
          + FORMAT_KEY + "' is " + (format == null ? "missing" : "'" + format + "'")
          + ", expected '" + FORMAT + "'); a plain safetensors file is read with"
          + " Safetensors.read");
    }
    return new CheckpointContents(file, f.tensors(), f.metadata());
  }

  /** The parameters' variables, then the running statistics, in the model's order. */
  static List<Node> variables(Model model) {
    Preconditions.checkNotNull(model, "model is null");
    List<Node> all = new ArrayList<>();
    model.parameters().stream().map(Parameter::variable).forEach(all::add);
    all.addAll(model.states());
    return all;
  }
}
