package io.nabla.ops.kernel;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place that chooses the kernel of a convolution: for a geometry and a pass (forward,
 * input gradient, filter gradient), the first rule of the table below that applies. The rules
 * come from JMH measurements of every convolution of the benchmark suite (BENCHMARKS.md,
 * "Convolution kernels"), not from one model.
 *
 * <table>
 * <caption>Rules, first match wins (each applies to all three passes unless it says otherwise;
 * the geometry is the forward one; the input gradient's kernel computes {@link #backward})
 * </caption>
 * <tr><th>geometry</th><th>kernel</th><th>why (JMH, batch 64)</th></tr>
 * <tr><td>scalar path, or stride, dilation, groups, or padding beyond the kernel</td>
 * <td>{@code pointwise-gemm} for a 1×1 kernel of stride 1 without padding, else
 * {@code im2col-gemm}</td><td>the only kernels that compute them (ResNet's downsampling); a 1×1
 * image is its own patch matrix, which im2col would only copy (1.5–4× faster)</td></tr>
 * <tr><td>forward and filter gradient with whole vectors of filters and rows at most
 * three quarters of a vector (filter gradient: kernel 5 wide)</td>
 * <td>{@code direct-filter-lanes}</td><td>LeNet's conv2: 4× the {@code direct} forward,
 * 1.5–2.6× its filter gradient</td></tr>
 * <tr><td>{@code C·kH·kW ≤ 400} ({@code -Dnabla.conv.directPatch})</td><td>{@code direct}</td>
 * <td>3×3 convolutions with 16–40 channels: forward 1.4–3.5× the former 8-filter block,
 * 2–4× {@code im2col-gemm}</td></tr>
 * <tr><td>otherwise</td><td>{@code pointwise-gemm} for 1×1 as above, else
 * {@code im2col-gemm}</td><td>wide products for large patches</td></tr>
 * </table>
 *
 * <p>For Inception's and DenseNet's 1×1 convolutions (C = 40–80) {@code direct} beat
 * {@code pointwise-gemm} in 7 of 9 passes (1.2–3.8×; DenseNet's transition forward and input
 * gradient on 32×32 maps went the other way), so pointwise only takes the 1×1 convolutions the
 * direct kernel does not. A kernel for exactly six filters (LeNet's conv1 and conv2's input gradient) was measured
 * against {@code direct}'s four-filter blocks and deleted: 0.8–1.2× in one sitting, 0.6–0.9× in
 * another.
 *
 * <p>A choice is logged once per geometry and pass at {@code DEBUG} on the logger
 * {@code io.nabla.ops.kernel.ConvPlanner}, e.g.
 * {@code conv forward [64,16,32,32] * [16,16,3,3] pad 1,1 stride 1,1: direct}.
 * {@code -Dnabla.conv.kernel=<label>} (see {@link ConvAlgorithm#label()}) forces a kernel
 * wherever it applies; elsewhere the table still decides.
 */
public final class ConvPlanner {
  private static final System.Logger LOG = System.getLogger(ConvPlanner.class.getName());
  private static final int MOST_LOGGED = 256;
  private static final Map<String, Boolean> LOGGED = new ConcurrentHashMap<>();
  /** The kernel forced where it applies, or null; tests set it, users pass the property. */
  static volatile ConvAlgorithm forced = forcedByProperty();

  /** Which product of a convolution is computed. */
  public enum Pass {
    FORWARD("forward"),
    INPUT_GRAD("input gradient"),
    FILTER_GRAD("filter gradient");

    private final String label;

    Pass(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  private ConvPlanner() {}

  /** The kernel that computes {@code pass} of {@code g}, logged at DEBUG the first time. */
  public static ConvAlgorithm choose(ConvGeometry g, Pass pass) {
    ConvAlgorithm force = forced;
    ConvAlgorithm chosen = force != null && applies(force, g, pass) ? force : byRules(g, pass);
    if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
      logOnce(g, pass, chosen);
    }
    return chosen;
  }

  /** The rule table of the class comment. */
  static ConvAlgorithm byRules(ConvGeometry g, Pass pass) {
    boolean pointwise = applies(ConvAlgorithm.POINTWISE_GEMM, g, pass);
    if (Simd.directConv() == null || !directGeometry(g)) {
      return pointwise ? ConvAlgorithm.POINTWISE_GEMM : ConvAlgorithm.IM2COL_GEMM;
    }
    if (applies(ConvAlgorithm.DIRECT_FILTER_LANES, g, pass)) {
      return ConvAlgorithm.DIRECT_FILTER_LANES;
    }
    if (g.patch() <= ConvKernel.maxDirectPatch) {
      return ConvAlgorithm.DIRECT;
    }
    return pointwise ? ConvAlgorithm.POINTWISE_GEMM : ConvAlgorithm.IM2COL_GEMM;
  }

  /** Whether {@code kernel} can compute {@code pass} of {@code g} on this JVM. */
  public static boolean applies(ConvAlgorithm kernel, ConvGeometry g, Pass pass) {
    if (kernel == ConvAlgorithm.IM2COL_GEMM) {
      return true;
    }
    if (kernel == ConvAlgorithm.POINTWISE_GEMM) {
      return PointwiseConv.applies(g);
    }
    DirectConvKernel direct = Simd.directConv();
    if (direct == null) {
      return false;
    }
    // the forward geometry decides (the input gradient's own has stride 1 whatever g's is)
    ConvGeometry on = pass == Pass.INPUT_GRAD ? backward(g) : g;
    return directGeometry(g) && direct.applies(kernel, on, pass == Pass.FILTER_GRAD);
  }

  /**
   * The input gradient as a forward convolution: {@code dy}, padded by the rest of the kernel,
   * with the filters rotated by 180° and their input and output channels swapped.
   */
  static ConvGeometry backward(ConvGeometry g) {
    return new ConvGeometry(g.n(), g.f(), g.outH(), g.outW(), g.c(), g.kh(), g.kw(), g.h(),
        g.w(), g.kh() - 1 - g.padTop(), g.kw() - 1 - g.padLeft(), 1, 1, 1, 1, 1);
  }

  /**
   * Whether the direct kernels can compute {@code g}: stride 1, no dilation or groups, padding
   * within the kernel on every side.
   */
  static boolean directGeometry(ConvGeometry g) {
    return g.strideH() == 1 && g.strideW() == 1 && g.dilationH() == 1 && g.dilationW() == 1
        && g.groups() == 1 && g.padTop() >= 0 && g.padLeft() >= 0
        && g.padTop() <= g.kh() - 1 && g.padLeft() <= g.kw() - 1
        && g.outH() + g.kh() - 1 - g.padTop() - g.h() <= g.kh() - 1
        && g.outW() + g.kw() - 1 - g.padLeft() - g.w() <= g.kw() - 1
        && g.outH() + g.kh() - 1 - g.padTop() - g.h() >= 0
        && g.outW() + g.kw() - 1 - g.padLeft() - g.w() >= 0;
  }

  /** The kernel forced by {@code -Dnabla.conv.kernel}, or null. */
  private static ConvAlgorithm forcedByProperty() {
    String label = System.getProperty("nabla.conv.kernel", "");
    return label.isEmpty() ? null : ConvAlgorithm.byLabel(label);
  }

  /** A geometry and pass as the log line says them. */
  static String describe(ConvGeometry g, Pass pass) {
    return "conv " + pass + " [" + g.n() + "," + g.c() + "," + g.h() + "," + g.w() + "] * ["
        + g.f() + "," + g.cg() + "," + g.kh() + "," + g.kw() + "] pad " + g.padTop() + ","
        + g.padLeft() + " stride " + g.strideH() + "," + g.strideW()
        + (g.dilationH() * g.dilationW() != 1 ? " dilation " + g.dilationH() + ","
            + g.dilationW() : "")
        + (g.groups() != 1 ? " groups " + g.groups() : "");
  }

  private static void logOnce(ConvGeometry g, Pass pass, ConvAlgorithm chosen) {
    String line = describe(g, pass) + ": " + chosen.label();
    if (LOGGED.putIfAbsent(line, Boolean.TRUE) == null) {
      if (LOGGED.size() > MOST_LOGGED) {
        LOGGED.clear(); // many batch sizes: forget rather than grow without bound
      }
      LOG.log(System.Logger.Level.DEBUG, line);
    }
  }
}
