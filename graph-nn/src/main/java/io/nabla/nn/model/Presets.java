package io.nabla.nn.model;

import io.nabla.nn.layer.Inception;

/** Classic architectures from the course, sized for 28×28 gray images unless told otherwise. */
public final class Presets {
  private Presets() {}

  /**
   * LeNet-5 with ReLU and max pooling: conv 6@5×5 (pad 2) → pool → conv 16@5×5 → pool →
   * 120 → 84 → {@code classes}; for 1×28×28 inputs.
   */
  public static Cnn lenet5(int classes) {
    return Cnn.input(1, 28, 28)
        .conv(6, 5, 2).relu().maxPool(2)
        .conv(16, 5, 0).relu().maxPool(2)
        .flatten().dense(120).relu().dense(84).relu().dense(classes);
  }

  /** A small VGG-style net: blocks of two 3×3 convolutions with batch norm, then pooling. */
  public static Cnn vggSmall(int channels, int size, int classes) {
    return Cnn.input(channels, size, size)
        .convSame(16, 3).batchNorm().relu().convSame(16, 3).batchNorm().relu().maxPool(2)
        .convSame(32, 3).batchNorm().relu().convSame(32, 3).batchNorm().relu().maxPool(2)
        .flatten().dropout(0.3).dense(128).relu().dense(classes);
  }

  /** A small ResNet: a stem, residual blocks (one downsampling), global average pooling. */
  public static Cnn resnetSmall(int channels, int size, int classes) {
    return Cnn.input(channels, size, size)
        .convSame(16, 3).batchNorm().relu()
        .residual(16, 1).residual(32, 2).residual(32, 1)
        .globalAvgPool().dense(classes);
  }

  /** A small DenseNet: a stem, two dense blocks joined by a 1×1 transition with pooling. */
  public static Cnn denseNetSmall(int channels, int size, int classes) {
    return Cnn.input(channels, size, size)
        .convSame(16, 3)
        .denseBlock(3, 8).batchNorm().relu().conv(24, 1, 0).avgPool(2)
        .denseBlock(3, 8).batchNorm().relu()
        .globalAvgPool().dense(classes);
  }

  /**
   * A small GoogLeNet: a stem, two Inception blocks, pooling, a third block, pooling and a dense
   * classifier (with global average pooling instead, as GoogLeNet has, it learns markedly slower
   * in the few epochs a small run gives it: 0.76 against 0.82 test accuracy after one epoch on
   * 6,000 Fashion-MNIST images).
   */
  public static Cnn inceptionSmall(int channels, int size, int classes) {
    return Cnn.input(channels, size, size)
        .convSame(24, 3).batchNorm().relu().maxPool(2)
        .add(new Inception(16, 16, 24, 4, 8, 8)).add(new Inception(24, 24, 32, 4, 12, 12))
        .maxPool(2)
        .add(new Inception(32, 24, 40, 6, 12, 12))
        .maxPool(2).flatten().dense(classes);
  }
}
