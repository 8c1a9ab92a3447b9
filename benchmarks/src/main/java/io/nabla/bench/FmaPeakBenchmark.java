package io.nabla.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's fused multiply-add peak as the JIT reaches it: twelve independent chains of
 * vector FMAs (enough to hide the FMA latency) on registers only. Ops/µs × lanes × 2 is GFLOPS per
 * thread; run with {@code -t 2} for both cores. The convolution figures are fractions of this.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class FmaPeakBenchmark {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int STEPS = 1000;

  float[] seed = {1.0001f, 0.9999f, 1e-7f};

  /** One operation is one vector FMA ({@code S.length()} multiply-adds). */
  @Benchmark
  @OperationsPerInvocation(12 * STEPS)
  public float fma() {
    FloatVector m = FloatVector.broadcast(S, seed[0]);
    FloatVector c = FloatVector.broadcast(S, seed[2]);
    FloatVector a0 = FloatVector.broadcast(S, seed[1]);
    FloatVector a1 = a0.add(c);
    FloatVector a2 = a1.add(c);
    FloatVector a3 = a2.add(c);
    FloatVector a4 = a3.add(c);
    FloatVector a5 = a4.add(c);
    FloatVector a6 = a5.add(c);
    FloatVector a7 = a6.add(c);
    FloatVector a8 = a7.add(c);
    FloatVector a9 = a8.add(c);
    FloatVector a10 = a9.add(c);
    FloatVector a11 = a10.add(c);
    for (int i = 0; i < STEPS; i++) {
      a0 = a0.fma(m, c);
      a1 = a1.fma(m, c);
      a2 = a2.fma(m, c);
      a3 = a3.fma(m, c);
      a4 = a4.fma(m, c);
      a5 = a5.fma(m, c);
      a6 = a6.fma(m, c);
      a7 = a7.fma(m, c);
      a8 = a8.fma(m, c);
      a9 = a9.fma(m, c);
      a10 = a10.fma(m, c);
      a11 = a11.fma(m, c);
    }
    return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10)
        .add(a11).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
  }
}
