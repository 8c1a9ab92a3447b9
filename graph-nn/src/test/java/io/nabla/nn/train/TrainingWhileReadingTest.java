package io.nabla.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.data.Batch;
import io.nabla.nn.io.Checkpoint;
import io.nabla.nn.io.Safetensors;
import io.nabla.nn.model.Mlp;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.Parameter;
import io.nabla.nn.optim.Optimizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on one thread while others snapshot, predict and save checkpoints: every reader sees
 * the parameters of one whole step. The optimizer writes its step number k into the first half
 * of the parameters, pauses, then into the second half, so a reader that slipped in between
 * would see k and k - 1 mixed.
 */
class TrainingWhileReadingTest {
  private static final int HIDDEN = 8;
  private static final int STEPS = 120;

  /** Sets every parameter to its step number, in two halves with a pause between them. */
  private static final class SlowStepOptimizer implements Optimizer {
    private int k;

    @Override
    public void step(List<Slot> slots) {
      k++;
      int half = slots.size() / 2;
      fill(slots.subList(0, half));
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      fill(slots.subList(half, slots.size()));
    }

    private void fill(List<Slot> slots) {
      for (Slot s : slots) {
        java.util.Arrays.fill(s.value().data(), 0, s.value().size(), k);
      }
    }

    @Override
    public double learningRate() {
      return 1;
    }

    @Override
    public void setLearningRate(double rate) {}

    @Override
    public Map<String, Tensor> state() {
      return Map.of("step", Tensor.scalar(k));
    }

    @Override
    public void loadState(Map<String, Tensor> state) {}
  }

  @TempDir
  Path dir;

  private final Model model = Mlp.inputs(4).hidden(HIDDEN).classes(3).build(5);
  private final SlowStepOptimizer optimizer = new SlowStepOptimizer();
  private final Trainer trainer = Trainer.builder(model, optimizer).build();

  /** The step that every value of {@code tensors} holds; fails if they hold several. */
  private static int oneStep(Iterable<Tensor> tensors, String what) {
    Set<Float> seen = new TreeSet<>();
    for (Tensor t : tensors) {
      for (float v : t.toArray()) {
        seen.add(v);
      }
    }
    assertEquals(1, seen.size(), what + " mixes the values of steps " + seen);
    return seen.iterator().next().intValue();
  }

  /**
   * The step whose parameters give {@code scores} for a zero input: with every parameter k,
   * the hidden layer is relu(k) = k and each score is {@code HIDDEN·k² + k}.
   */
  private static int stepOfScores(Tensor scores) {
    int k = oneStep(List.of(scores), "a prediction");
    float score = scores.get(0);
    for (int step = 1; step <= STEPS; step++) {
      if (score == HIDDEN * step * step + step) {
        return step;
      }
    }
    throw new AssertionError("a prediction gave " + score + ", which no single step's"
        + " parameters give (mixed steps?); decoded " + k);
  }

  @Test
  void snapshotsPredictionsAndCheckpointsSeeOneWholeStep() throws Exception {
    SplittableRandom r = new SplittableRandom(3);
    Batch batch = new Batch(Tensor.fromFunction(Shape.of(16, 4), i -> r.nextDouble()),
        Tensor.fromFunction(Shape.of(16), i -> i % 3));
    trainer.step(batch);   // every parameter is now 1
    AtomicBoolean training = new AtomicBoolean(true);
    Tensor zeros = Tensor.zeros(1, 4);
    List<Callable<Set<Integer>>> readers = List.of(
        () -> {
          Set<Integer> steps = new TreeSet<>();
          while (training.get()) {
            Snapshot s = Snapshot.of(model);
            List<Tensor> values = new ArrayList<>();
            for (Parameter p : model.parameters()) {
              values.add(s.value(p.variable()));
            }
            steps.add(oneStep(values, "a snapshot"));
          }
          return steps;
        },
        () -> {
          Set<Integer> steps = new TreeSet<>();
          while (training.get()) {
            steps.add(stepOfScores(model.predict(zeros)));
          }
          return steps;
        },
        () -> {
          Set<Integer> steps = new TreeSet<>();
          Path file = dir.resolve("during.safetensors");
          while (training.get()) {
            Checkpoint.save(file, model, optimizer, Map.of());
            Map<String, Tensor> saved = Safetensors.read(file).tensors();
            // the optimizer's step counter is saved with the parameters of that same step
            steps.add(oneStep(saved.values(), "a checkpoint"));
          }
          return steps;
        });
    ExecutorService pool = Executors.newFixedThreadPool(readers.size());
    try {
      List<Future<Set<Integer>>> seen = new ArrayList<>();
      readers.forEach(reader -> seen.add(pool.submit(reader)));
      for (int s = 2; s <= STEPS; s++) {
        trainer.step(batch);
      }
      training.set(false);
      for (Future<Set<Integer>> f : seen) {
        Set<Integer> steps = f.get(60, TimeUnit.SECONDS);
        // the readers really ran during training, not only before or after it
        assertTrue(steps.size() >= 2, "a reader saw only steps " + steps);
      }
    } finally {
      training.set(false);
      pool.shutdownNow();
    }
    assertEquals(STEPS, trainer.steps());
    assertEquals(STEPS, stepOfScores(model.predict(zeros)));
  }
}
