package io.nabla.ops;

import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Scope;
import io.nabla.core.primitive.Primitives;
import io.nabla.ops.loss.OneHot;
import io.nabla.ops.loss.LossShapes;
import io.nabla.ops.loss.SigmoidCrossEntropy;
import io.nabla.ops.loss.SoftmaxCrossEntropy;
import io.nabla.ops.math.Abs;
import io.nabla.ops.math.Add;
import io.nabla.ops.math.Count;
import io.nabla.ops.math.Div;
import io.nabla.ops.math.Elu;
import io.nabla.ops.math.Equal;
import io.nabla.ops.math.Exp;
import io.nabla.ops.math.Heaviside;
import io.nabla.ops.math.LeakyRelu;
import io.nabla.ops.math.Log;
import io.nabla.ops.math.MatMul;
import io.nabla.ops.math.Max;
import io.nabla.ops.math.Mean;
import io.nabla.ops.math.Mul;
import io.nabla.ops.math.Neg;
import io.nabla.ops.math.NormalCdf;
import io.nabla.ops.math.Pow;
import io.nabla.ops.math.Relu;
import io.nabla.ops.math.ReluGrad;
import io.nabla.ops.math.Reshape;
import io.nabla.ops.math.ReshapeLike;
import io.nabla.ops.math.Sigmoid;
import io.nabla.ops.math.Sign;
import io.nabla.ops.math.Softplus;
import io.nabla.ops.math.Sqrt;
import io.nabla.ops.math.Square;
import io.nabla.ops.math.Sub;
import io.nabla.ops.math.Sum;
import io.nabla.ops.math.Tanh;
import io.nabla.ops.math.Transpose;
import io.nabla.ops.math.Unsqueeze;
import io.nabla.ops.nn.LogSoftmax;
import io.nabla.ops.nn.Softmax;

/**
 * Builders for the standard ops: each adds one node to the graph of its inputs and returns it.
 * Meant for {@code import static io.nabla.ops.Ops.*}. A {@code float} operand becomes a scalar
 * constant that broadcasts.
 *
 * <pre>{@code
 * Node h = tanh(add(matmul(x, w1), b1));
 * Node loss = softmaxCrossEntropy(add(matmul(h, w2), b2), labels);
 * }</pre>
 */
public final class Ops {
  private Ops() {}

  private static Graph graph(Node n) {
    return n.graph();
  }

  private static Node scalar(Node like, float v) {
    return graph(like).constant(v);
  }

  // ---- element-wise arithmetic (numpy broadcasting) ----

  /** a + b. */
  public static Node add(Node a, Node b) {
    return graph(a).apply(new Add(), a, b);
  }

  /** a + s. */
  public static Node add(Node a, float s) {
    return add(a, scalar(a, s));
  }

  /** a − b. */
  public static Node sub(Node a, Node b) {
    return graph(a).apply(new Sub(), a, b);
  }

  /** a − s. */
  public static Node sub(Node a, float s) {
    return sub(a, scalar(a, s));
  }

  /** s − b. */
  public static Node sub(float s, Node b) {
    return sub(scalar(b, s), b);
  }

  /** a · b element-wise. */
  public static Node mul(Node a, Node b) {
    return graph(a).apply(new Mul(), a, b);
  }

  /** a · s. */
  public static Node mul(Node a, float s) {
    return mul(a, scalar(a, s));
  }

  /** a / b element-wise. */
  public static Node div(Node a, Node b) {
    return graph(a).apply(new Div(), a, b);
  }

  /** a / s. */
  public static Node div(Node a, float s) {
    return div(a, scalar(a, s));
  }

  /** s / b. */
  public static Node div(float s, Node b) {
    return div(scalar(b, s), b);
  }

  /** a^b element-wise. */
  public static Node pow(Node a, Node b) {
    return graph(a).apply(new Pow(), a, b);
  }

  /** a^p. */
  public static Node pow(Node a, float p) {
    return pow(a, scalar(a, p));
  }

  /** −x. */
  public static Node neg(Node x) {
    return graph(x).apply(new Neg(), x);
  }

  /** 1 where a = b, else 0 (no gradient). */
  public static Node equal(Node a, Node b) {
    return graph(a).apply(new Equal(), a, b);
  }

  // ---- element-wise functions ----

  /** e^x. */
  public static Node exp(Node x) {
    return graph(x).apply(new Exp(), x);
  }

  /** ln x. */
  public static Node log(Node x) {
    return graph(x).apply(new Log(), x);
  }

  /** √x. */
  public static Node sqrt(Node x) {
    return graph(x).apply(new Sqrt(), x);
  }

  /** x². */
  public static Node square(Node x) {
    return graph(x).apply(new Square(), x);
  }

  /** |x|. */
  public static Node abs(Node x) {
    return graph(x).apply(new Abs(), x);
  }

  /** −1, 0 or 1 by the sign of x. */
  public static Node sign(Node x) {
    return graph(x).apply(new Sign(), x);
  }

  /** tanh x. */
  public static Node tanh(Node x) {
    return graph(x).apply(new Tanh(), x);
  }

  /** 1 / (1 + e^−x). */
  public static Node sigmoid(Node x) {
    return graph(x).apply(new Sigmoid(), x);
  }

  /** max(x, 0). */
  public static Node relu(Node x) {
    return graph(x).apply(new Relu(), x);
  }

  /** dy where x > 0, else 0: the gradient of ReLU in one pass. */
  public static Node reluGrad(Node dy, Node x) {
    return graph(dy).apply(new ReluGrad(), dy, x);
  }

  /** The Heaviside step: 1 where x &gt; 0, else 0 (0 at 0 too). */
  public static Node heaviside(Node x) {
    return graph(x).apply(new Heaviside(), x);
  }

  // ---- linear algebra and shapes ----

  /** a · b for 2-D (or batched 3-D) operands. */
  public static Node matmul(Node a, Node b) {
    return matmul(a, b, false, false);
  }

  /** op(a) · op(b), where op transposes the last two axes when asked. */
  public static Node matmul(Node a, Node b, boolean transposeA, boolean transposeB) {
    return graph(a).apply(new MatMul(transposeA, transposeB), a, b);
  }

  /** Permutes axes: output axis i is input axis perm[i]. */
  public static Node transpose(Node x, int... perm) {
    return graph(x).apply(new Transpose(perm), x);
  }

  /** Swaps the last two axes. */
  public static Node transpose(Node x) {
    int r = x.shape().rank();
    int[] perm = new int[r];
    for (int i = 0; i < r; i++) {
      perm[i] = i;
    }
    if (r >= 2) {
      perm[r - 1] = r - 2;
      perm[r - 2] = r - 1;
    }
    return transpose(x, perm);
  }

  /** The same elements in another shape; one dimension may be −1 (inferred). */
  public static Node reshape(Node x, int... dims) {
    return graph(x).apply(new Reshape(dims), x);
  }

  /** The elements of x in the run-time shape of {@code like}. */
  public static Node reshapeLike(Node x, Node like) {
    return graph(x).apply(new ReshapeLike(), x, like);
  }

  /** Inserts size-1 dimensions at {@code axes} of the output. */
  public static Node unsqueeze(Node x, int... axes) {
    return graph(x).apply(new Unsqueeze(axes), x);
  }

  // ---- reductions (no axes = all axes) ----

  /** Sum over {@code axes} (all when none), keeping them as size 1 when asked. */
  public static Node sum(Node x, boolean keepDims, int... axes) {
    return graph(x).apply(new Sum(keepDims, axes), x);
  }

  /** Sum of all elements, a scalar. */
  public static Node sum(Node x) {
    return sum(x, false);
  }

  /** Mean over {@code axes} (all when none), keeping them as size 1 when asked. */
  public static Node mean(Node x, boolean keepDims, int... axes) {
    return graph(x).apply(new Mean(keepDims, axes), x);
  }

  /** Mean of all elements, a scalar. */
  public static Node mean(Node x) {
    return mean(x, false);
  }

  /** Maximum over {@code axes} (all when none), keeping them as size 1 when asked. */
  public static Node max(Node x, boolean keepDims, int... axes) {
    return graph(x).apply(new Max(keepDims, axes), x);
  }

  /** The number of elements a reduction over {@code axes} combines, as a scalar. */
  public static Node count(Node x, int... axes) {
    return graph(x).apply(new Count(axes), x);
  }

  // ---- probabilities and losses ----

  /** Softmax along the last axis. */
  public static Node softmax(Node x) {
    return softmax(x, -1);
  }

  /** Softmax along {@code axis}. */
  public static Node softmax(Node x, int axis) {
    return graph(x).apply(new Softmax(axis), x);
  }

  /** Log-softmax along the last axis. */
  public static Node logSoftmax(Node x) {
    return logSoftmax(x, -1);
  }

  /** Log-softmax along {@code axis}. */
  public static Node logSoftmax(Node x, int axis) {
    return graph(x).apply(new LogSoftmax(axis), x);
  }

  /** Class indices to one-hot rows of {@code classes} entries. */
  public static Node oneHot(Node labels, int classes) {
    return graph(labels).apply(new OneHot(classes), labels);
  }

  /** Mean softmax cross-entropy of {@code logits [N,C]} against class indices {@code [N]}. */
  public static Node softmaxCrossEntropy(Node logits, Node labels) {
    return graph(logits).apply(new SoftmaxCrossEntropy(), logits, labels);
  }

  /**
   * Mean squared error over all elements, built in scope {@code mse}. Prediction and target
   * must have one shape, or differ only by a trailing axis of size 1 ({@code [N,1]} against
   * {@code [N]}), which is then read in the other's shape: they are never broadcast
   * ({@link LossShapes}).
   */
  public static Node mse(Node prediction, Node target) {
    try (Scope s = graph(prediction).scope("mse")) {
      Node[] pair = LossShapes.aligned("mse", prediction, target);
      return mean(square(sub(pair[0], pair[1])));
    }
  }

  // ---- fills ----

  /** Ones shaped like x at run time. */
  public static Node onesLike(Node x) {
    return Primitives.onesLike(x);
  }

  /** Zeros shaped like x at run time. */
  public static Node zerosLike(Node x) {
    return Primitives.zerosLike(x);
  }

  /** {@code value} everywhere, shaped like x at run time. */
  public static Node fillLike(Node x, float value) {
    return Primitives.fillLike(x, value);
  }

  // ---- activations beyond ReLU ----

  /** x where x > 0, else α·x (a slope α ≥ 0 on the negative side). */
  public static Node leakyRelu(Node x, float alpha) {
    return graph(x).apply(new LeakyRelu(alpha), x);
  }

  /** Leaky ReLU with the common slope α = 0.01. */
  public static Node leakyRelu(Node x) {
    return leakyRelu(x, 0.01f);
  }

  /** x where x > 0, else α·(e^x − 1) (α ≥ 0). */
  public static Node elu(Node x, float alpha) {
    return graph(x).apply(new Elu(alpha), x);
  }

  /** ELU with α = 1. */
  public static Node elu(Node x) {
    return elu(x, 1f);
  }

  /** log(1 + e^x), stable for large |x|. */
  public static Node softplus(Node x) {
    return graph(x).apply(new Softplus(), x);
  }

  /** Φ(x) = ½ (1 + erf(x/√2)), the standard normal CDF. */
  public static Node normalCdf(Node x) {
    return graph(x).apply(new NormalCdf(), x);
  }

  /**
   * The exact GELU, x · Φ(x) (PyTorch's default, not the tanh approximation), built in scope
   * {@code gelu}.
   */
  public static Node gelu(Node x) {
    try (Scope s = graph(x).scope("gelu")) {
      return mul(x, normalCdf(x));
    }
  }

  // ---- binary losses ----

  /**
   * Mean binary cross-entropy of {@code logits} against {@code targets} (probabilities in
   * [0, 1], of the same shape), computed from the logits without overflow.
   */
  public static Node sigmoidCrossEntropy(Node logits, Node targets) {
    return graph(logits).apply(new SigmoidCrossEntropy(), logits, targets);
  }
}
