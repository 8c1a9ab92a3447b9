package io.nabla.ops.kernel;

/**
 * Chooses the kernels once, at first use: the Vector API path when the JVM has the
 * {@code jdk.incubator.vector} module (start it with {@code --add-modules jdk.incubator.vector})
 * and {@code -Dnabla.simd=false} was not given, the scalar path otherwise. Says which in one
 * {@link System.Logger} record of the logger {@code io.nabla.ops.kernel.Simd}, as Lucene does: at
 * {@code INFO}, or {@code WARNING} when the Vector API is there but failed to load. With no
 * logging set up, the JDK's default prints it on standard error; an application routes or
 * silences it like any other logger (a {@code System.LoggerFinder}, or the level of that
 * {@code java.util.logging} logger).
 */
public final class Simd {
  private static final System.Logger LOG = System.getLogger(Simd.class.getName());
  private static final GemmKernel SCALAR = new ScalarGemm();
  private static final GemmKernel GEMM = select();
  private static final DirectConvKernel DIRECT_CONV =
      GEMM == SCALAR ? null : load("VectorDirectConv");
  private static final Pool2x2Kernel POOL_2X2 =
      GEMM == SCALAR ? Pool2x2Kernel.SCALAR : load("VectorPool2x2");
  private static final SelectKernel SELECT =
      GEMM == SCALAR ? SelectKernel.SCALAR : load("VectorSelect");

  private Simd() {}

  /** True when the Vector API path runs. */
  public static boolean enabled() {
    return GEMM != SCALAR;
  }

  /** A description of the path in use, e.g. {@code Vector API, 512-bit (16 floats)}. */
  public static String describe() {
    return GEMM.describe();
  }

  static GemmKernel gemm() {
    return GEMM;
  }

  /** The direct convolution of the SIMD path, or null on the scalar path (it unfolds instead). */
  static DirectConvKernel directConv() {
    return DIRECT_CONV;
  }

  static Pool2x2Kernel pool2x2() {
    return POOL_2X2;
  }

  static SelectKernel selections() {
    return SELECT;
  }

  /** The scalar path, for tests that compare both. */
  static GemmKernel scalarGemm() {
    return SCALAR;
  }

  @SuppressWarnings("unchecked")
  private static <T> T load(String simpleName) {
    try {
      return (T) Class.forName("io.nabla.ops.kernel." + simpleName).getDeclaredConstructor()
          .newInstance();
    } catch (ReflectiveOperationException e) {
      throw new LinkageError("cannot load " + simpleName, e);
    }
  }

  private static GemmKernel select() {
    String reason;
    boolean failed = false;
    GemmKernel chosen = SCALAR;
    if (!Boolean.parseBoolean(System.getProperty("nabla.simd", "true"))) {
      reason = "-Dnabla.simd=false";
    } else if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      reason = "start the JVM with --add-modules jdk.incubator.vector for SIMD";
    } else {
      try {
        chosen = load("VectorGemm");
        reason = null;
      } catch (LinkageError e) {
        reason = "the Vector API could not be loaded: " + e;
        failed = true;
      }
    }
    announce(LOG, chosen, reason, failed);
    return chosen;
  }

  /** Logs the one line that says which kernels run and, on the scalar path, why. */
  static void announce(System.Logger log, GemmKernel chosen, String reason, boolean failed) {
    log.log(failed ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
        "nabla: kernels use " + chosen.describe() + (reason == null ? "" : " (" + reason + ")"));
  }
}
