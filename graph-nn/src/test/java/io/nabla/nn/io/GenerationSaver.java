package io.nabla.nn.io;

import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.model.Mlp;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.Parameter;
import java.nio.file.Path;
import java.util.Map;

/**
 * Child process of {@link CheckpointKillTest}: saves checkpoint generations {@code first},
 * {@code first + 1}, … to one file until it is killed. In generation {@code k} every parameter
 * element is {@code k}, and the metadata says {@code k}, so a reader can tell a complete
 * generation from a torn mix of two.
 */
public final class GenerationSaver {
  /** A model of about 8 MB, so one save takes a measurable time. */
  static Model model() {
    return Mlp.inputs(1000).hidden(2000).classes(10).build(0);
  }

  /** Every parameter of {@code model} filled with {@code value}. */
  static void fill(Model model, float value) {
    for (Parameter p : model.parameters()) {
      Node v = p.variable();
      model.session().assign(v, Tensor.filled(v.shape(), value));
    }
  }

  /** Arguments: the checkpoint path and the first generation. */
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    Model model = model();
    for (long k = Long.parseLong(args[1]); ; k++) {
      fill(model, k);
      Checkpoint.save(file, model, null, Map.of("generation", Long.toString(k)));
    }
  }
}
