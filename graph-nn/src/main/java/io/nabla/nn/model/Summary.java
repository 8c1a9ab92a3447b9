package io.nabla.nn.model;

import java.util.Locale;

/** The Keras-like text table of a model. */
final class Summary {
  private Summary() {}

  static String of(Model model) {
    int nameWidth = Math.max(12, model.layers().stream()
        .mapToInt(l -> l.name().length() + l.kind().length() + 3).max().orElse(0));
    String format = "%-" + nameWidth + "s %-20s %12s%n";
    StringBuilder sb = new StringBuilder();
    String rule = "-".repeat(nameWidth + 34) + "\n";
    sb.append(String.format(Locale.ROOT, format, "Layer (kind)", "Output shape", "Param #"));
    sb.append(rule.replace('-', '='));
    sb.append(String.format(Locale.ROOT, format, "input", model.input().shape(), 0));
    for (LayerInfo l : model.layers()) {
      sb.append(String.format(Locale.ROOT, format, l.name() + " (" + l.kind() + ")",
          l.outputShape(), String.format(Locale.ROOT, "%,d", l.parameters())));
    }
    sb.append(rule.replace('-', '='));
    sb.append(String.format(Locale.ROOT, "Trainable parameters: %,d%n", model.parameterCount()));
    long state = model.states().stream().mapToLong(n -> n.shape().size()).sum();
    sb.append(String.format(Locale.ROOT, "Non-trainable state:  %,d%n", state));
    return sb.toString();
  }
}
