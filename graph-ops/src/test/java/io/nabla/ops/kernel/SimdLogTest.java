package io.nabla.ops.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The kernel choice is said through System.Logger, at a level an application can filter. */
class SimdLogTest {
  /** Records what is logged, as an application's LoggerFinder would receive it. */
  private static final class Recording implements System.Logger {
    final List<String> records = new ArrayList<>();

    @Override
    public String getName() {
      return "recording";
    }

    @Override
    public boolean isLoggable(Level level) {
      return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      records.add(level + " " + msg);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      records.add(level + " " + format);
    }

    @Override
    public void log(Level level, Supplier<String> msgSupplier) {
      records.add(level + " " + msgSupplier.get());
    }
  }

  @Test
  void theScalarPathSaysWhyAtInfo() {
    Recording log = new Recording();

    Simd.announce(log, Simd.scalarGemm(), "-Dnabla.simd=false", false);

    assertEquals(List.of("INFO nabla: kernels use " + Simd.scalarGemm().describe()
        + " (-Dnabla.simd=false)"), log.records);
  }

  @Test
  void aVectorApiThatFailsToLoadIsAWarning() {
    Recording log = new Recording();

    Simd.announce(log, Simd.scalarGemm(), "the Vector API could not be loaded: x", true);

    assertEquals(1, log.records.size());
    assertEquals("WARNING", log.records.get(0).split(" ")[0]);
  }

  @Test
  void thePathInUseIsNamed() {
    Recording log = new Recording();

    Simd.announce(log, Simd.gemm(), null, false);

    assertEquals(List.of("INFO nabla: kernels use " + Simd.describe()), log.records);
  }
}
