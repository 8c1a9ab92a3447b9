package io.nabla.nn.train;

import io.nabla.core.tensor.Tensor;
import io.nabla.nn.io.Checkpoint;
import io.nabla.nn.io.CheckpointContents;
import io.nabla.nn.io.CheckpointFormatException;
import io.nabla.nn.model.Model;
import io.nabla.nn.optim.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checkpoint that continues a training run: the model, the optimizer's state, and the
 * trainer's {@link Progress} — in the metadata under {@code trainer.*}, with early stopping's
 * best weights as extra tensors under {@code best/}. It also records what must not change
 * for the continued run to be the same run: the seed, the base learning rate and the
 * optimizer's kind.
 */
final class TrainingCheckpoint {
  private static final String EPOCHS = "trainer.epochs";
  private static final String STEPS = "trainer.steps";
  private static final String SEED = "trainer.seed";
  private static final String BASE_RATE = "trainer.base_rate";
  private static final String OPTIMIZER = "trainer.optimizer";
  private static final String BEST = "trainer.best";
  private static final String SINCE_BEST = "trainer.since_best";
  private static final String STOPPED = "trainer.stopped";
  /** One epoch per line, {@link EpochRecord}'s components separated by commas. */
  private static final String HISTORY = "trainer.history";
  private static final String BEST_WEIGHTS = "best/";

  /** What a continued run must share with the run that wrote the checkpoint. */
  record Identity(long seed, double baseRate, Optimizer optimizer) {
    String optimizerKind() {
      return optimizer.getClass().getSimpleName();
    }
  }

  private TrainingCheckpoint() {}

  static void save(Path file, Model model, Identity id, Progress p) throws IOException {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put(EPOCHS, Integer.toString(p.epochs));
    meta.put(STEPS, Long.toString(p.steps));
    meta.put(SEED, Long.toString(id.seed()));
    meta.put(BASE_RATE, Double.toString(id.baseRate()));
    meta.put(OPTIMIZER, id.optimizerKind());
    meta.put(BEST, Double.toString(p.best));
    meta.put(SINCE_BEST, Integer.toString(p.sinceBest));
    meta.put(STOPPED, Boolean.toString(p.stopped));
    meta.put(HISTORY, history(p.history));
    Map<String, Tensor> extra = new LinkedHashMap<>();
    if (p.bestWeights != null) {
      p.bestWeights.byName().forEach((name, t) -> extra.put(BEST_WEIGHTS + name, t));
    }
    Checkpoint.save(file, model, id.optimizer(), extra, meta);
  }

  /**
   * Restores the model and the optimizer from {@code file} and returns the run's progress;
   * fails, changing nothing, when the file was not written by a trainer, does not fit the
   * model, or was written by a run with another seed, base rate or optimizer.
   */
  static Progress restore(Path file, Model model, Identity id) throws IOException {
    CheckpointContents c = Checkpoint.read(file);
    Map<String, String> meta = c.metadata();
    if (!meta.containsKey(EPOCHS)) {
      throw new CheckpointFormatException(file, "holds a model but no training progress ('"
          + EPOCHS + "' is missing from its metadata); to continue a run, resume from the file"
          + " that TrainerBuilder.checkpoint(path) writes, or use Checkpoint.load to start a"
          + " new run from these weights");
    }
    requireSame(file, "seed", meta.get(SEED), Long.toString(id.seed()), ".seed(…)");
    requireSame(file, "base learning rate", meta.get(BASE_RATE), Double.toString(id.baseRate()),
        "the optimizer's learning rate");
    requireSame(file, "optimizer", meta.get(OPTIMIZER), id.optimizerKind(), "the optimizer");
    Progress p = new Progress();
    String key = EPOCHS;
    try {
      p.epochs = Integer.parseInt(meta.get(key));
      p.steps = Long.parseLong(meta.get(key = STEPS));
      p.best = Double.parseDouble(meta.get(key = BEST));
      p.sinceBest = Integer.parseInt(meta.get(key = SINCE_BEST));
      p.stopped = Boolean.parseBoolean(meta.get(key = STOPPED));
      p.history.addAll(parseHistory(meta.get(key = HISTORY)));
    } catch (RuntimeException e) {
      // the exception's own text would be Java's, not the reader's: name the entry instead
      String value = meta.get(key);
      throw new CheckpointFormatException(file, "its training progress is damaged: metadata '"
          + key + "' is " + (value == null ? "missing" : "'" + value + "'")
          + (e instanceof IllegalArgumentException && !(e instanceof NumberFormatException)
          ? " (" + e.getMessage() + ")" : "") + "; resume from an earlier checkpoint", e);
    }
    if (p.history.size() != p.epochs) {
      throw new CheckpointFormatException(file, "its training progress is damaged: "
          + p.epochs + " epochs done but " + p.history.size() + " in the history");
    }
    Map<String, Tensor> best = bestWeights(file, c.extra(), model);
    c.applyTo(model, id.optimizer());
    p.bestWeights = best == null ? null : Snapshot.fromNames(model, best);
    return p;
  }

  private static void requireSame(Path file, String what, String stored, String mine,
      String fix) {
    if (!mine.equals(stored)) {
      throw new IllegalArgumentException(file + " continues a run with " + what + " " + stored
          + ", but this trainer has " + mine + "; set " + fix + " as in that run to continue"
          + " it, or load only the weights with Checkpoint.load to start a new run");
    }
  }

  /** The best weights stored under {@code best/}, checked against the model; null if none. */
  private static Map<String, Tensor> bestWeights(Path file, Map<String, Tensor> extra,
      Model model) {
    Map<String, Tensor> best = new LinkedHashMap<>();
    extra.forEach((name, t) -> {
      if (name.startsWith(BEST_WEIGHTS)) {
        best.put(name.substring(BEST_WEIGHTS.length()), t);
      }
    });
    if (best.isEmpty()) {
      return null;
    }
    Map<String, Tensor> current = Snapshot.of(model).byName();
    for (Map.Entry<String, Tensor> v : current.entrySet()) {
      Tensor t = best.get(v.getKey());
      if (t == null || !t.shape().equals(v.getValue().shape())) {
        throw new CheckpointFormatException(file, "its best weights do not fit this model: '"
            + v.getKey() + "' is " + (t == null ? "missing" : t.shape().describe()) + ", not "
            + v.getValue().shape().describe() + ". Was it saved from a different model?");
      }
    }
    if (best.size() != current.size()) {
      throw new CheckpointFormatException(file, "its best weights hold " + best.size()
          + " tensors but the model has " + current.size() + " variables. Was it saved from a"
          + " different model?");
    }
    return best;
  }

  private static String history(List<EpochRecord> history) {
    StringBuilder s = new StringBuilder();
    for (EpochRecord r : history) {
      s.append(r.epoch()).append(',').append(r.trainLoss()).append(',')
          .append(r.trainAccuracy()).append(',').append(r.testLoss()).append(',')
          .append(r.testAccuracy()).append(',').append(r.seconds()).append(',')
          .append(r.examplesPerSecond()).append(',').append(r.learningRate()).append('\n');
    }
    return s.toString();
  }

  private static List<EpochRecord> parseHistory(String text) {
    List<EpochRecord> history = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split(",");
      if (f.length != 8) {
        throw new IllegalArgumentException("a history line has " + f.length
            + " fields, not 8: '" + line + "'");
      }
      history.add(new EpochRecord(Integer.parseInt(f[0]), Double.parseDouble(f[1]),
          Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]),
          Double.parseDouble(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7])));
    }
    return history;
  }
}
