package io.nabla.nn.model;

import io.nabla.nn.layer.Activation;
import io.nabla.nn.layer.AvgPool;
import io.nabla.nn.layer.BatchNorm;
import io.nabla.nn.layer.Conv;
import io.nabla.nn.layer.Dense;
import io.nabla.nn.layer.DenseBlock;
import io.nabla.nn.layer.Dropout;
import io.nabla.nn.layer.Flatten;
import io.nabla.nn.layer.GlobalAvgPool;
import io.nabla.nn.layer.Layer;
import io.nabla.nn.layer.MaxPool;
import io.nabla.nn.layer.ResidualBlock;
import io.nabla.ops.nn.Padding;

/**
 * A convolutional network, layer by layer, in the words of the course:
 *
 * <pre>{@code
 * Model m = Cnn.input(1, 28, 28)
 *     .conv(6, 5, 2).relu().maxPool(2)
 *     .conv(16, 5, 0).relu().maxPool(2)
 *     .flatten().dense(120).relu().dense(84).relu().dense(10)
 *     .build(0);
 * }</pre>
 */
public final class Cnn {
  private final Sequential layers;

  private Cnn(int... inputShape) {
    this.layers = Sequential.input(inputShape);
  }

  /** Images of {@code channels × height × width}. */
  public static Cnn input(int channels, int height, int width) {
    return new Cnn(channels, height, width);
  }

  /** {@code filters} filters of {@code kernel × kernel}, stride 1, {@code padding} zeros. */
  public Cnn conv(int filters, int kernel, int padding) {
    return add(new Conv(filters, kernel).padding(padding));
  }

  /** A convolution keeping the spatial size ('same' padding). */
  public Cnn convSame(int filters, int kernel) {
    return add(new Conv(filters, kernel).padding(Padding.same()));
  }

  /**
   * A transposed convolution (a learned upsampling): {@code filters} filters of {@code kernel ×
   * kernel}, stride {@code stride}, {@code padding} taken off each side of the output.
   */
  public Cnn convTranspose(int filters, int kernel, int stride, int padding) {
    return add(new io.nabla.nn.layer.ConvTranspose(filters, kernel).stride(stride)
        .padding(padding));
  }

  /** Nearest-neighbour upsampling by {@code scale}. */
  public Cnn upsample(int scale) {
    return add(new io.nabla.nn.layer.Upsample(scale));
  }

  public Cnn relu() {
    return add(Activation.relu());
  }

  public Cnn activation(String name) {
    return add(Activation.named(name));
  }

  public Cnn maxPool(int size) {
    return add(new MaxPool(size));
  }

  public Cnn avgPool(int size) {
    return add(new AvgPool(size));
  }

  public Cnn globalAvgPool() {
    return add(new GlobalAvgPool());
  }

  public Cnn batchNorm() {
    return add(new BatchNorm());
  }

  public Cnn dropout(double p) {
    return add(new Dropout(p));
  }

  /** A ResNet basic block with {@code channels} outputs, downsampling by {@code stride}. */
  public Cnn residual(int channels, int stride) {
    return add(new ResidualBlock(channels, stride));
  }

  /** A DenseNet block of {@code layers} steps adding {@code growth} channels each. */
  public Cnn denseBlock(int layers, int growth) {
    return add(new DenseBlock(layers, growth));
  }

  public Cnn flatten() {
    return add(new Flatten());
  }

  public Cnn dense(int units) {
    return add(new Dense(units));
  }

  /** Any other layer. */
  public Cnn add(Layer layer) {
    layers.add(layer);
    return this;
  }

  public Model build(long seed) {
    return layers.build(seed);
  }
}
