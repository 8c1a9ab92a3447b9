package io.nabla.samples;

import io.nabla.nn.model.Cnn;
import io.nabla.nn.model.Mlp;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.Presets;

/** The models the samples know by name. */
final class Architectures {
  private Architectures() {}

  static final String NAMES = "lenet, mlp, vgg, resnet, dense, inception";

  static Model build(String name, long seed) {
    return switch (name) {
      case "lenet" -> Presets.lenet5(10).build(seed);
      case "mlp" -> Mlp.inputs(1, 28, 28).hidden(256, 128).classes(10).build(seed);
      case "vgg" -> Presets.vggSmall(1, 28, 10).build(seed);
      case "resnet" -> Presets.resnetSmall(1, 28, 10).build(seed);
      case "dense" -> Presets.denseNetSmall(1, 28, 10).build(seed);
      case "inception" -> Presets.inceptionSmall(1, 28, 10).build(seed);
      default -> throw new IllegalArgumentException("unknown model '" + name + "'; choose one of "
          + NAMES);
    };
  }

  static Cnn cnn(String arch) {
    return switch (arch) {
      case "vgg" -> Presets.vggSmall(1, 28, 10);
      case "resnet" -> Presets.resnetSmall(1, 28, 10);
      case "dense" -> Presets.denseNetSmall(1, 28, 10);
      case "inception" -> Presets.inceptionSmall(1, 28, 10);
      default -> throw new IllegalArgumentException("unknown architecture '" + arch
          + "'; choose vgg, resnet, dense or inception");
    };
  }
}
