package io.nabla.bench;

import io.nabla.ops.kernel.Gemm;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Square single-precision GEMM, as the PyTorch reference's {@code sgemm} mode measures it.
 * GFLOPS = 2·n³ / (time per op); the JMH report gives the time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBenchmark {
  @Param({"128", "256", "512", "1024"})
  int n;

  float[] a;
  float[] b;
  float[] c;

  @Setup
  public void setup() {
    Random r = new Random(1);
    a = new float[n * n];
    b = new float[n * n];
    c = new float[n * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextFloat();
      b[i] = r.nextFloat();
    }
  }

  @Benchmark
  public float[] sgemm() {
    Gemm.multiply(a, 0, false, b, 0, false, c, 0, n, n, n);
    return c;
  }
}
