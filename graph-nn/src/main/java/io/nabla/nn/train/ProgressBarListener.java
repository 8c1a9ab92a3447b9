package io.nabla.nn.train;

import java.io.Console;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of each epoch on standard error, with the running mean loss: on a terminal a bar
 * redrawn in place at most twice a second; otherwise (output redirected to a file or a CI log)
 * one plain line at every tenth of the epoch, so a log holds readable lines, not {@code \r}
 * frames. {@code TrainerBuilder.progressBar(true)} turns it on.
 */
final class ProgressBarListener implements TrainingListener {
  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 500_000_000L;

  private final PrintStream out;
  private final boolean terminal;
  private final LongSupplier clock;
  private int epoch;
  private int batches;
  private int seen;
  private double lossSum;
  private long started;
  private long lastDrawn;
  private int nextLine;

  ProgressBarListener() {
    this(System.err, isTerminal(), System::nanoTime);
  }

  ProgressBarListener(PrintStream out, boolean terminal, LongSupplier clock) {
    this.out = out;
    this.terminal = terminal;
    this.clock = clock;
  }

  /**
   * Whether standard output is an interactive terminal. Java 22 returns a console even when
   * output is redirected and says so with {@code Console.isTerminal()}; Java 17 has no such
   * method and returns no console then.
   */
  static boolean isTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  @Override
  public void epochStarted(int epoch, int batches) {
    this.epoch = epoch;
    this.batches = batches;
    seen = 0;
    lossSum = 0;
    started = clock.getAsLong();
    lastDrawn = Long.MIN_VALUE;
    nextLine = step();
  }

  @Override
  public void batchFinished(int epoch, int batch, double loss) {
    lossSum += loss;
    seen++;
    long now = clock.getAsLong();
    if (terminal) {
      if (lastDrawn == Long.MIN_VALUE || now - lastDrawn >= REDRAW_NANOS || seen == batches) {
        out.print("\r" + line(now));
        out.flush();
        lastDrawn = now;
      }
    } else if (seen >= nextLine && seen < batches) {
      out.println(line(now));
      nextLine += step();
    }
  }

  @Override
  public void epochFinished(EpochRecord record) {
    if (terminal) {
      out.println(seen > 0 ? "\r" + line(clock.getAsLong()) : "");
    } else if (seen > 0) {
      out.println(line(clock.getAsLong()));
    }
    out.flush();
  }

  /** Batches between two plain lines: a tenth of the epoch, at least one. */
  private int step() {
    return Math.max(1, batches / 10);
  }

  private String line(long now) {
    int percent = batches > 0 ? (int) (100L * seen / batches) : 100;
    double seconds = (now - started) / 1e9;
    double loss = lossSum / Math.max(1, seen);
    if (!terminal) {
      return String.format(Locale.ROOT, "epoch %d: %d/%d batches (%d%%), loss %.4f, %.1f s",
          epoch, seen, batches, percent, loss, seconds);
    }
    int filled = batches > 0 ? (int) ((long) WIDTH * seen / batches) : WIDTH;
    String bar = "=".repeat(filled) + (filled < WIDTH ? ">" + " ".repeat(WIDTH - filled - 1) : "");
    return String.format(Locale.ROOT, "epoch %d [%s] %3d%% %d/%d loss %.4f %.1fs",
        epoch, bar, percent, seen, batches, loss, seconds);
  }
}
