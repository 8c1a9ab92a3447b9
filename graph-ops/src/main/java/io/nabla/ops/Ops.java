package io.nabla.ops;

import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Scope;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.primitive.Primitives;
import io.nabla.core.tensor.Shape;
import io.nabla.ops.loss.OneHot;
import io.nabla.ops.loss.SigmoidCrossEntropy;
import io.nabla.ops.loss.SoftmaxCrossEntropy;
import io.nabla.ops.math.Abs;
import io.nabla.ops.math.Add;
import io.nabla.ops.math.Count;
import io.nabla.ops.math.Div;
import io.nabla.ops.math.Elu;
import io.nabla.ops.math.Equal;
import io.nabla.ops.math.Exp;
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
import io.nabla.ops.math.Step;
import io.nabla.ops.math.Sub;
import io.nabla.ops.math.Sum;
import io.nabla.ops.math.Tanh;
import io.nabla.ops.math.Transpose;
import io.nabla.ops.math.Unsqueeze;
import io.nabla.ops.nn.BatchNormNodes;
import io.nabla.ops.nn.Concat;
import io.nabla.ops.nn.Conv2d;
import io.nabla.ops.nn.Conv2dSpec;
import io.nabla.ops.nn.Crop;
import io.nabla.ops.nn.DropoutMask;
import io.nabla.ops.nn.LogSoftmax;
import io.nabla.ops.nn.Pad;
import io.nabla.ops.nn.Softmax;
import io.nabla.ops.nn.TrainingSwitch;
import java.util.List;

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

  /** 1 where x > 0, else 0. */
  public static Node step(Node x) {
    return graph(x).apply(new Step(), x);
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

  /** Mean squared error over all elements, built in scope {@code mse}. */
  public static Node mse(Node prediction, Node target) {
    try (Scope s = graph(prediction).scope("mse")) {
      return mean(square(sub(prediction, target)));
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

  // ---- convolution (conv2d and its gradients) ----

  /** Cross-correlation of {@code x [N,C,H,W]} with {@code filters [F,C,kH,kW]}, stride 1. */
  public static Node conv2d(Node x, Node filters) {
    return conv2d(x, filters, Conv2dSpec.defaults());
  }

  /** Cross-correlation of {@code x} with {@code filters} as {@code spec} says. */
  public static Node conv2d(Node x, Node filters, Conv2dSpec spec) {
    return graph(x).apply(new Conv2d(spec), x, filters);
  }

  /** Cross-correlation plus a bias per filter. */
  public static Node conv2d(Node x, Node filters, Node bias, Conv2dSpec spec) {
    return graph(x).apply(new Conv2d(spec), x, filters, bias);
  }

  // ---- pooling ----
  // (the io.nabla.ops.nn types are written out in full so that this section needs no imports)

  /**
   * Max pooling of an NCHW tensor with a {@code kernel×kernel} window moving by {@code stride},
   * no padding: {@code [N,C,H,W] → [N,C,(H−kernel)/stride+1,(W−kernel)/stride+1]}.
   */
  public static Node maxPool2d(Node x, int kernel, int stride) {
    return maxPool2d(x, io.nabla.ops.nn.Window2d.of(kernel, stride,
        io.nabla.ops.nn.Padding.valid()));
  }

  /**
   * Max pooling of an NCHW tensor with any window (dilation 1); padded positions never win, and
   * of equal values the first in row-major window order does.
   */
  public static Node maxPool2d(Node x, io.nabla.ops.nn.Window2d window) {
    return graph(x).apply(new io.nabla.ops.nn.MaxPool2d(window), x);
  }

  /**
   * Average pooling of an NCHW tensor with a {@code kernel×kernel} window moving by
   * {@code stride}, no padding.
   */
  public static Node avgPool2d(Node x, int kernel, int stride) {
    return avgPool2d(x, io.nabla.ops.nn.Window2d.of(kernel, stride,
        io.nabla.ops.nn.Padding.valid()));
  }

  /**
   * Average pooling of an NCHW tensor with any window (dilation 1); every window is divided by
   * the full kernel area, so padding counts as zeros (PyTorch's {@code count_include_pad}).
   */
  public static Node avgPool2d(Node x, io.nabla.ops.nn.Window2d window) {
    return graph(x).apply(new io.nabla.ops.nn.AvgPool2d(window), x);
  }

  /**
   * Global average pooling: the mean of each channel's map, {@code [N,C,H,W] → [N,C]}. Fails
   * on an input of another rank, which the mean over axes 2 and 3 alone would accept.
   */
  public static Node globalAvgPool(Node x) {
    io.nabla.core.graph.ShapeRules.rank("global_avg_pool: input '" + x.name() + "'", x.shape(),
        4);
    return mean(x, false, 2, 3);
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

  // ---- structure: flatten, concat, slice, pad ----

  /** x surrounded with zeros: {@code before[d]} and {@code after[d]} elements on axis d. */
  public static Node pad(Node x, int[] before, int[] after) {
    return pad(x, before, after, 0f);
  }

  /** x surrounded with {@code value}: {@code before[d]} and {@code after[d]} on axis d. */
  public static Node pad(Node x, int[] before, int[] after, float value) {
    return graph(x).apply(new Pad(before, after, value), x);
  }

  /** x without its first {@code before[d]} and last {@code after[d]} elements on axis d. */
  public static Node crop(Node x, int[] before, int[] after) {
    return graph(x).apply(new Crop(before, after), x);
  }

  /** The inputs joined along {@code axis}; they may differ only in their size along it. */
  public static Node concat(int axis, Node... xs) {
    return concat(axis, List.of(xs));
  }

  /** The inputs joined along {@code axis}; they may differ only in their size along it. */
  public static Node concat(int axis, List<Node> xs) {
    if (xs.isEmpty()) {
      throw new IllegalArgumentException("concat: needs at least one input");
    }
    return graph(xs.get(0)).apply(new Concat(axis), xs);
  }

  /**
   * Elements {@code [start, end)} of x along {@code axis} (negative counts from the end), a
   * {@link #crop}. The axis size must be known when the graph is built.
   */
  public static Node slice(Node x, int axis, int start, int end) {
    Shape s = x.shape();
    int rank = s.rank();
    int a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) {
      throw new IllegalArgumentException("slice of '" + x.name() + "' " + s.describe()
          + ": axis " + axis + " is out of range; valid axes are " + (-rank) + " to "
          + (rank - 1));
    }
    int size = s.dim(a);
    if (size == Shape.UNKNOWN) {
      throw new ShapeException("slice of '" + x.name() + "' " + s.describe() + ": the size of"
          + " axis " + a + " is unknown while building; slice along an axis of known size");
    }
    if (start < 0 || start >= end || end > size) {
      throw new IllegalArgumentException("slice of '" + x.name() + "' " + s.describe()
          + ": [" + start + ", " + end + ") is not a non-empty range within axis " + a
          + " of size " + size + "; need 0 <= start < end <= " + size);
    }
    int[] before = new int[rank];
    int[] after = new int[rank];
    before[a] = start;
    after[a] = size - end;
    return crop(x, before, after);
  }

  /**
   * x as a matrix {@code [N, product of the other dimensions]}, N being axis 0 (the batch, which
   * may be unknown); the other dimensions must be known.
   */
  public static Node flatten(Node x) {
    Shape s = x.shape();
    if (s.rank() == 0) {
      throw new ShapeException("flatten of '" + x.name() + "': it is a scalar; flatten needs"
          + " a batch axis 0");
    }
    long features = 1;
    for (int d = 1; d < s.rank(); d++) {
      if (s.dim(d) == Shape.UNKNOWN) {
        throw new ShapeException("flatten of '" + x.name() + "' " + s.describe() + ": axis "
            + d + " is unknown while building; only the batch axis 0 may be unknown");
      }
      features *= s.dim(d);
    }
    if (features > Integer.MAX_VALUE) {
      throw new ShapeException("flatten of '" + x.name() + "' " + s.describe() + ": "
          + features + " features per example are more than one tensor can hold");
    }
    int n = s.dim(0);
    if (n == Shape.UNKNOWN && features == 0) {
      throw new ShapeException("flatten of '" + x.name() + "' " + s.describe() + ": an"
          + " example has no elements, so the unknown batch size cannot be inferred");
    }
    return reshape(x, n, (int) features);
  }

  // ---- normalization and regularization: batch norm, dropout ----

  /**
   * Inverted dropout, built in scope {@code dropout}: in a training run each element of x is
   * zeroed with probability p and the rest are scaled by 1/(1 − p), so the expectation is x; in
   * an inference run x passes unchanged. The mask comes from the run's seed, and forward and
   * backward share it (x times one {@link DropoutMask} node).
   */
  public static Node dropout(Node x, float p) {
    try (Scope s = graph(x).scope("dropout")) {
      return mul(x, graph(x).apply(new DropoutMask(p), x));
    }
  }

  /**
   * Batch normalisation of {@code x} ({@code [N,C,H,W]}: per channel over N, H and W; or
   * {@code [N,C]}: per feature over N), built in scope {@code batch_norm}. In a training run it
   * normalises with the batch's mean and variance, in an inference run with
   * {@code runningMean} and {@code runningVariance}; then scales by {@code gamma} and shifts by
   * {@code beta} (all four {@code [C]}): {@code y = gamma · (x − mean) / sqrt(var + epsilon) + beta}.
   * The returned batch statistics let a trainer update the running averages.
   */
  public static BatchNormNodes batchNorm(Node x, Node gamma, Node beta, Node runningMean,
      Node runningVariance, float epsilon) {
    int rank = x.shape().rank();
    if (rank != 2 && rank != 4) {
      throw new IllegalArgumentException("batch norm needs [N,C] or [N,C,H,W] input, not "
          + x.shape().describe() + " ('" + x.name() + "')");
    }
    if (!(epsilon > 0f)) {
      throw new IllegalArgumentException("batch norm epsilon must be > 0, not " + epsilon);
    }
    int channels = x.shape().dim(1);
    int[] axes = rank == 4 ? new int[] {0, 2, 3} : new int[] {0};
    int[] perChannel = rank == 4 ? new int[] {1, channels, 1, 1} : new int[] {1, channels};
    try (Scope s = graph(x).scope("batch_norm")) {
      Node batchMean = mean(x, true, axes);
      Node batchVariance = mean(square(sub(x, batchMean)), true, axes);
      Node m = trainingSwitch(batchMean, reshape(runningMean, perChannel));
      Node v = trainingSwitch(batchVariance, reshape(runningVariance, perChannel));
      Node normalized = div(sub(x, m), sqrt(add(v, epsilon)));
      Node y = add(mul(normalized, reshape(gamma, perChannel)), reshape(beta, perChannel));
      return new BatchNormNodes(y, batchMean, batchVariance);
    }
  }

  /** {@code whenTraining} in a training run, {@code whenInference} otherwise. */
  public static Node trainingSwitch(Node whenTraining, Node whenInference) {
    return graph(whenTraining).apply(new TrainingSwitch(), whenTraining, whenInference);
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
