package io.nabla.nn.train;

import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A terminal progress bar per epoch, showing the running loss (me.tongfei:progressbar). */
final class ProgressBarListener implements TrainingListener {
  private ProgressBar bar;
  private double lossSum;
  private int seen;

  @Override
  public void epochStarted(int epoch, int batches) {
    lossSum = 0;
    seen = 0;
    bar = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "epoch %d", epoch))
        .setInitialMax(batches).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
        .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
  }

  @Override
  public void batchFinished(int epoch, int batch, double loss) {
    lossSum += loss;
    seen++;
    bar.step();
    bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", lossSum / seen));
  }

  @Override
  public void epochFinished(EpochRecord record) {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
