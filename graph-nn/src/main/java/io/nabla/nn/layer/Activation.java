package io.nabla.nn.layer;

import io.nabla.core.graph.Node;
import io.nabla.ops.Ops;
import java.util.function.UnaryOperator;

/** An element-wise non-linearity as a layer: {@code Activation.relu()}, {@code tanh()}, … */
public final class Activation implements Layer {
  private final String name;
  private final UnaryOperator<Node> f;

  private Activation(String name, UnaryOperator<Node> f) {
    this.name = name;
    this.f = f;
  }

  public static Activation relu() {
    return new Activation("relu", Ops::relu);
  }

  public static Activation tanh() {
    return new Activation("tanh", Ops::tanh);
  }

  public static Activation sigmoid() {
    return new Activation("sigmoid", Ops::sigmoid);
  }

  public static Activation leakyRelu(float alpha) {
    return new Activation("leaky_relu", x -> Ops.leakyRelu(x, alpha));
  }

  public static Activation elu(float alpha) {
    return new Activation("elu", x -> Ops.elu(x, alpha));
  }

  public static Activation gelu() {
    return new Activation("gelu", Ops::gelu);
  }

  public static Activation softplus() {
    return new Activation("softplus", Ops::softplus);
  }

  /** By name: relu, tanh, sigmoid, gelu, softplus, elu, leaky_relu. */
  public static Activation named(String name) {
    return switch (name) {
      case "relu" -> relu();
      case "tanh" -> tanh();
      case "sigmoid" -> sigmoid();
      case "gelu" -> gelu();
      case "softplus" -> softplus();
      case "elu" -> elu(1f);
      case "leaky_relu" -> leakyRelu(0.01f);
      default -> throw new IllegalArgumentException("unknown activation '" + name
          + "'; choose relu, tanh, sigmoid, gelu, softplus, elu or leaky_relu");
    };
  }

  @Override
  public String kind() {
    return name;
  }

  @Override
  public Node apply(Node x, LayerContext ctx) {
    return f.apply(x);
  }
}
