package io.nabla.nn.model;

import io.nabla.core.graph.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Keras-like text table of a model: one row per input and layer application. */
final class Summary {
  private Summary() {}

  static String of(Model model) {
    List<String[]> rows = new ArrayList<>();
    for (Map.Entry<String, Node> in : model.inputs().entrySet()) {
      rows.add(new String[] {in.getKey() + " (input)", in.getValue().shape().toString(), "0",
          ""});
    }
    for (LayerInfo l : model.layers()) {
      String name = l.name() + " (" + l.kind() + ")";
      String out = model.outputName(l.output());
      rows.add(new String[] {out != null ? name + " → " + out : name, l.outputShape().toString(),
          String.format(Locale.ROOT, "%,d", l.parameters()), String.join(", ", l.inputs())});
    }
    int nameWidth = 12;
    int connWidth = 12;
    for (String[] r : rows) {
      nameWidth = Math.max(nameWidth, r[0].length());
      connWidth = Math.max(connWidth, r[3].length());
    }
    String format = "%-" + nameWidth + "s %-20s %12s  %s%n";
    StringBuilder sb = new StringBuilder();
    String rule = "=".repeat(nameWidth + 36 + connWidth) + "\n";
    sb.append(String.format(Locale.ROOT, format, "Layer (kind)", "Output shape", "Param #",
        "Connected to"));
    sb.append(rule);
    for (String[] r : rows) {
      sb.append(String.format(Locale.ROOT, format, (Object[]) r));
    }
    sb.append(rule);
    sb.append(String.format(Locale.ROOT, "Trainable parameters: %,d%n", model.parameterCount()));
    long frozen = model.parameters().stream().filter(model::isFrozen)
        .mapToLong(p -> p.variable().shape().size()).sum();
    if (frozen > 0) {
      sb.append(String.format(Locale.ROOT, "  of which frozen:    %,d%n", frozen));
    }
    long state = model.states().stream().mapToLong(n -> n.shape().size()).sum();
    sb.append(String.format(Locale.ROOT, "Non-trainable state:  %,d%n", state));
    return sb.toString();
  }
}
