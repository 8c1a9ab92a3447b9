package io.nabla.bench;

import io.nabla.nn.model.Mlp;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.Presets;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The models of the suite, each with its input shape; {@code benchmarks/torch/suite.py} builds
 * the same architectures in PyTorch under the same names (the suite checks that the parameter
 * counts agree).
 */
enum SuiteModel {
  LENET(1, 28, () -> Presets.lenet5(10).build(0)),
  MLP(1, 28, () -> Mlp.inputs(1, 28, 28).hidden(256, 128).classes(10).build(0)),
  VGG(3, 32, () -> Presets.vggSmall(3, 32, 10).build(0)),
  RESNET(3, 32, () -> Presets.resnetSmall(3, 32, 10).build(0)),
  DENSENET(3, 32, () -> Presets.denseNetSmall(3, 32, 10).build(0)),
  INCEPTION(3, 32, () -> Presets.inceptionSmall(3, 32, 10).build(0));

  private final int channels;
  private final int size;
  private final Supplier<Model> builder;

  SuiteModel(int channels, int size, Supplier<Model> builder) {
    this.channels = channels;
    this.size = size;
    this.builder = builder;
  }

  /** The name both sides of the suite use: lenet, mlp, vgg, resnet, densenet, inception. */
  String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  static SuiteModel of(String id) {
    return Arrays.stream(values()).filter(m -> m.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown model '" + id + "'; the suite"
            + " has " + Arrays.stream(values()).map(SuiteModel::id).toList()));
  }

  /** Channels of one input image. */
  int channels() {
    return channels;
  }

  /** Height and width of one input image. */
  int size() {
    return size;
  }

  /** True for the 1×28×28 models, which are timed on Fashion-MNIST images when installed. */
  boolean grayscale() {
    return channels == 1;
  }

  /** A fresh model, seed 0. */
  Model build() {
    return builder.get();
  }
}
