package io.nabla.ops.pass;

import io.nabla.core.graph.Node;
import io.nabla.core.pass.Pass;
import io.nabla.core.pass.PlanGraph;
import io.nabla.core.pass.Rewriter;
import io.nabla.core.tensor.Shape;
import io.nabla.ops.math.Add;
import io.nabla.ops.math.MatMul;
import io.nabla.ops.math.MatMulBias;
import io.nabla.ops.math.Relu;
import io.nabla.ops.math.ReluGrad;
import io.nabla.ops.nn.Conv2d;
import io.nabla.ops.nn.Conv2dRelu;
import io.nabla.ops.nn.MaxPool2dGrad;
import io.nabla.ops.nn.MaxPool2dReluGrad;
import java.util.Map;

/**
 * Fusions of the layers the builders make: {@code relu(add(matmul(a, b), bias))} and
 * {@code add(matmul(a, b), bias)} become one {@link MatMulBias}, {@code relu(conv2d(x, w, b))}
 * one {@link Conv2dRelu}, and ReLU's gradient after max pooling's one
 * {@link MaxPool2dReluGrad}. A node is absorbed only when the fused node is its one reader and it
 * is not fetched. ReLU's gradient reads the pre-activation, which would keep it alive, so a
 * first rule points {@code relu_grad(dy, z)} at {@code relu(z)} instead (the same mask).
 */
public final class Fusion {
  private Fusion() {}

  /** Points ReLU gradients at ReLU outputs, so that the pre-activations can be fused away. */
  public static Pass reluMasks() {
    return Pass.of("relu-mask-from-output", Fusion::maskFromOutput);
  }

  /** The layer fusions. */
  public static Pass layers() {
    return Pass.of("layer-fusion", Fusion::dense, Fusion::convRelu, Fusion::poolReluGrad);
  }

  /** relu_grad(dy, z) → relu_grad(dy, relu(z)) when the plan computes relu(z) before it. */
  static Node maskFromOutput(Node node, Rewriter r) {
    if (!(node.op() instanceof ReluGrad)) {
      return null;
    }
    Node z = node.input(1);
    for (Node user : r.plan().consumers(z)) {
      if (user.op() instanceof Relu && user.id() < node.id()) {
        return r.apply(node.op(), r.mapped(node.input(0)), r.mapped(user));
      }
    }
    return null;
  }

  /** relu(add(matmul, bias)) or add(matmul, bias) → matmul_bias[_relu]. */
  static Node dense(Node node, Rewriter r) {
    PlanGraph plan = r.plan();
    boolean relu = node.op() instanceof Relu;
    Node add = relu ? node.input(0) : node;
    if (relu && !plan.isPrivateTo(add, node)) {
      return null;
    }
    if (!relu && plan.consumers(node).size() == 1
        && plan.consumers(node).get(0).op() instanceof Relu && !plan.isOutput(node)) {
      return null; // the relu will take it
    }
    if (!(add.op() instanceof Add)) {
      return null;
    }
    for (int k = 0; k < 2; k++) {
      Node product = add.input(k);
      Node bias = add.input(1 - k);
      if (product.op() instanceof MatMul matmul && plan.isPrivateTo(product, add)
          && isColumnBias(bias, product)) {
        Map<String, Object> at = matmul.attributes();
        boolean ta = Boolean.TRUE.equals(at.get("transpose_a"));
        boolean tb = Boolean.TRUE.equals(at.get("transpose_b"));
        return r.apply(new MatMulBias(ta, tb, relu), r.mapped(product.input(0)),
            r.mapped(product.input(1)), r.mapped(bias));
      }
    }
    return null;
  }

  /** A 2-D product and a bias of one known value per column, so add keeps the product's shape. */
  private static boolean isColumnBias(Node bias, Node product) {
    Shape p = product.shape();
    Shape b = bias.shape();
    return p.rank() == 2 && product.input(0).shape().rank() == 2
        && product.input(1).shape().rank() == 2 && b.rank() == 1
        && b.dim(0) != Shape.UNKNOWN && b.dim(0) == p.dim(1);
  }

  /** relu_grad(max_pool2d_grad(r, dy), r) → max_pool2d_relu_grad(r, dy). */
  static Node poolReluGrad(Node node, Rewriter r) {
    if (!(node.op() instanceof ReluGrad)) {
      return null;
    }
    Node pool = node.input(0);
    Node mask = node.input(1);
    if (pool.op() instanceof MaxPool2dGrad op && pool.input(0) == mask
        && r.plan().isPrivateTo(pool, node)) {
      return r.apply(new MaxPool2dReluGrad(op.window()), r.mapped(mask),
          r.mapped(pool.input(1)));
    }
    return null;
  }

  /** relu(conv2d(x, w, b)) → conv2d_relu(x, w, b). */
  static Node convRelu(Node node, Rewriter r) {
    if (!(node.op() instanceof Relu)) {
      return null;
    }
    Node conv = node.input(0);
    if (conv.op() instanceof Conv2d op && conv.inputs().size() == 3
        && r.plan().isPrivateTo(conv, node)) {
      return r.apply(new Conv2dRelu(op.spec()), r.mappedInputs(conv));
    }
    return null;
  }
}
