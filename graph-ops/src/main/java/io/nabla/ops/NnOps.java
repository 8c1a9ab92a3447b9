package io.nabla.ops;

import static io.nabla.ops.Ops.mean;
import static io.nabla.ops.Ops.mul;
import static io.nabla.ops.Ops.reshape;

import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Scope;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import io.nabla.ops.nn.BatchNormNodes;
import io.nabla.ops.nn.BatchNormalize;
import io.nabla.ops.nn.BatchStats;
import io.nabla.ops.nn.Concat;
import io.nabla.ops.nn.Conv2d;
import io.nabla.ops.nn.Conv2dSpec;
import io.nabla.ops.nn.Conv2dTranspose;
import io.nabla.ops.nn.Crop;
import io.nabla.ops.nn.DropoutMask;
import io.nabla.ops.nn.Pad;
import io.nabla.ops.nn.TrainingSwitch;
import io.nabla.ops.nn.Upsample2d;
import io.nabla.ops.nn.Upsampling;
import java.util.List;

/**
 * Builders for the layers of convolutional networks: convolution, pooling, batch norm, dropout,
 * and the structural ops (flatten, concat, slice, pad) that DenseNet- and ResNet-style nets need.
 * Meant for {@code import static io.nabla.ops.NnOps.*}, next to {@link Ops}.
 */
public final class NnOps {
  private NnOps() {}

  private static Graph graph(Node n) {
    return n.graph();
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

  /**
   * Transposed convolution of {@code x [N,C,H,W]} with {@code filters [C,F/groups,kH,kW]}: the
   * adjoint of {@code conv2d}, which enlarges the image (a stride of 2 about doubles it).
   */
  public static Node conv2dTranspose(Node x, Node filters, Conv2dSpec spec) {
    return graph(x).apply(new Conv2dTranspose(spec), x, filters);
  }

  /**
   * Transposed convolution plus a bias per output channel, with {@code outputPadding} rows and
   * columns added at the bottom and right (smaller than the stride or the dilation): with kernel
   * 3, stride 2, padding 1 and output padding 1 the output is exactly twice the input.
   */
  public static Node conv2dTranspose(Node x, Node filters, Node bias, Conv2dSpec spec,
      int outputPadding) {
    return graph(x).apply(new Conv2dTranspose(spec, outputPadding, outputPadding), x, filters,
        bias);
  }

  /** Transposed convolution with an output padding per axis; {@code bias} may be null. */
  public static Node conv2dTranspose(Node x, Node filters, Node bias, Conv2dSpec spec,
      int outputPaddingH, int outputPaddingW) {
    Conv2dTranspose op = new Conv2dTranspose(spec, outputPaddingH, outputPaddingW);
    return bias == null ? graph(x).apply(op, x, filters) : graph(x).apply(op, x, filters, bias);
  }

  // ---- resampling ----

  /**
   * {@code x [N,C,H,W]} resampled to {@code [N,C,floor(H·sH),floor(W·sW)]}, nearest or bilinear:
   * {@code upsample2d(x, Upsampling.nearest(2))}.
   */
  public static Node upsample2d(Node x, Upsampling how) {
    return graph(x).apply(new Upsample2d(how), x);
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
   * normalises with the batch's mean and (biased) variance, in an inference run with
   * {@code runningMean} and {@code runningVariance}; then scales by {@code gamma} and shifts by
   * {@code beta} (all four {@code [C]}):
   * {@code y = gamma · (x − mean) / sqrt(var + epsilon) + beta}.
   * Two fused ops: {@link BatchStats} (one pass over x) and {@link BatchNormalize} (one more);
   * the backward pass is two more ({@link io.nabla.ops.nn.BatchNormalizeParamGrad},
   * {@link io.nabla.ops.nn.BatchNormalizeInputGrad}). The returned batch statistics let a
   * trainer update the running averages; the running statistics are not differentiable.
   */
  public static BatchNormNodes batchNorm(Node x, Node gamma, Node beta, Node runningMean,
      Node runningVariance, float epsilon) {
    int rank = x.shape().rank();
    if (rank != 2 && rank != 4) {
      throw new IllegalArgumentException("batch norm needs [N,C] or [N,C,H,W] input, not "
          + x.shape().describe() + " ('" + x.name() + "')");
    }
    BatchNormalize normalize = new BatchNormalize(epsilon);
    try (Scope s = graph(x).scope("batch_norm")) {
      Node stats = graph(x).apply(new BatchStats(), x, runningMean, runningVariance);
      int c = stats.shape().dim(1);
      int[] perChannel = rank == 4 ? new int[] {1, c, 1, 1} : new int[] {1, c};
      Node y = graph(x).apply(normalize, x, stats, gamma, beta);
      return new BatchNormNodes(y, reshape(slice(stats, 0, 0, 1), perChannel),
          reshape(slice(stats, 0, 1, 2), perChannel));
    }
  }

  /** {@code whenTraining} in a training run, {@code whenInference} otherwise. */
  public static Node trainingSwitch(Node whenTraining, Node whenInference) {
    return graph(whenTraining).apply(new TrainingSwitch(), whenTraining, whenInference);
  }
}
