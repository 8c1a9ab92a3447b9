package io.nabla.bench;

/**
 * How long the suite warms up and measures, the same on both sides: {@code
 * benchmarks/torch/suite.py} holds the same numbers and rules under the same names. Training and
 * inference warm up until steady (see {@link #warmUpUntilSteady}). A rate is measured in
 * blocks of whole calls lasting at least a block's time each, and the median over blocks is
 * reported; a latency is the median of single calls.
 */
record Protocol(double trainWarmup, double inferWarmup, double latencyWarmup,
    double convWarmup, int blocks, double trainBlock, double inferBlock, double latencyTime,
    int convBlocks, double convBlock) {

  /** The default: about 15 s per model and framework, 2 s per convolution. */
  static final Protocol FULL = new Protocol(5, 2, 1, 0.25, 7, 0.5, 0.3, 1, 5, 0.1);

  /** For a smoke run: a third of the time, three blocks. */
  static final Protocol QUICK = new Protocol(2, 0.7, 0.4, 0.1, 3, 0.3, 0.2, 0.3, 3, 0.05);

  static Protocol of(boolean quick) {
    return quick ? QUICK : FULL;
  }

  /**
   * Warms up for at least {@code minSeconds}, then on until two successive blocks of {@code
   * blockSeconds} agree within 10% (the JIT has compiled what the body runs; a loaded machine
   * may take far longer than a quiet one), but no longer than {@code 4·minSeconds} in all.
   * Returns the seconds spent.
   */
  static double warmUpUntilSteady(double minSeconds, double blockSeconds, Runnable body) {
    long t0 = System.nanoTime();
    warmUp(minSeconds, body);
    double previous = Double.NaN;
    while ((System.nanoTime() - t0) / 1e9 < 4 * minSeconds) {
      double perCall = secondsPerCall(1, blockSeconds, body)[0];
      if (Math.abs(perCall - previous) <= 0.1 * previous) {
        break;
      }
      previous = perCall;
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  /** Calls {@code body} for at least {@code seconds}. */
  static void warmUp(double seconds, Runnable body) {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    do {
      body.run();
    } while (System.nanoTime() < end);
  }

  /**
   * Seconds per call of {@code body}, one figure per block: each block calls it until at least
   * {@code blockSeconds} have passed.
   */
  static double[] secondsPerCall(int blocks, double blockSeconds, Runnable body) {
    double[] perCall = new double[blocks];
    for (int b = 0; b < blocks; b++) {
      long t0 = System.nanoTime();
      long end = t0 + (long) (blockSeconds * 1e9);
      int calls = 0;
      long now;
      do {
        body.run();
        calls++;
        now = System.nanoTime();
      } while (now < end);
      perCall[b] = (now - t0) / 1e9 / calls;
    }
    return perCall;
  }

  /** Seconds of each single call of {@code body}, called for at least {@code seconds}. */
  static double[] singleCalls(double seconds, Runnable body) {
    double[] times = new double[1024];
    int n = 0;
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long now;
    do {
      long t0 = System.nanoTime();
      body.run();
      now = System.nanoTime();
      if (n == times.length) {
        times = java.util.Arrays.copyOf(times, n * 2);
      }
      times[n++] = (now - t0) / 1e9;
    } while (now < end);
    return java.util.Arrays.copyOf(times, n);
  }
}
