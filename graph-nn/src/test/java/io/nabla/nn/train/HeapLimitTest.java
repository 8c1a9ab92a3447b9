package io.nabla.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.exec.GraphRunException;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.data.Dataset;
import io.nabla.nn.model.Mlp;
import io.nabla.nn.model.Model;
import io.nabla.nn.optim.Sgd;
import org.junit.jupiter.api.Test;

/**
 * A batch whose intermediate values the heap cannot hold is refused before the run starts, with
 * the estimate, instead of an OutOfMemoryError inside a kernel. The model is small (2 MB of
 * weights) and so is the batch (4 MB), but the hidden layer of 100,000 × 50,000 floats is
 * 18.6 GiB.
 */
class HeapLimitTest {
  private static final int BATCH = 100_000;
  private static final String HEAP = "\\d+\\.\\d [KMGT]iB";

  private final Model model = Mlp.inputs(10).hidden(50_000).classes(2).build(1);

  private static void assertRefused(GraphRunException e, String fetches, String feeds) {
    String m = e.getMessage();
    assertTrue(m.matches("running " + fetches + " with feeds " + feeds + " needs an estimated "
        + HEAP + " of buffers \\(largest: '[a-z0-9_/]+' f32\\[100000,50000\\] 18\\.6 GiB\\) but"
        + " the heap has " + HEAP + " available \\(max " + HEAP + "\\): use a smaller batch or"
        + " raise -Xmx"), m);
  }

  @Test
  void predictRefusesABatchTooLargeForTheHeap() {
    Tensor x = Tensor.zeros(BATCH, 10);
    GraphRunException e = assertThrows(GraphRunException.class, () -> model.predict(x));
    assertRefused(e, "'" + model.output().name() + "'", "'input' f32\\[100000,10\\]");
    // a batch that fits still runs on the same model
    assertEquals(Shape.of(3, 2), model.predict(Tensor.zeros(3, 10)).shape());
  }

  @Test
  void fitRefusesABatchTooLargeForTheHeapAtItsFirstStep() {
    Dataset train = new Dataset(Tensor.zeros(BATCH, 10),
        Tensor.fromFunction(Shape.of(BATCH), i -> i % 2));
    Trainer trainer = Trainer.builder(model, new Sgd(0.1)).build();
    GraphRunException e = assertThrows(GraphRunException.class,
        () -> trainer.fit(train, null, 1, BATCH));
    assertRefused(e, "'" + trainer.lossNode().name() + "', '" + model.output().name()
        + "', '[^']+' and \\d+ more", "'input' f32\\[100000,10\\], '[a-z_/]+' f32\\[100000\\]");
    assertEquals(0, trainer.steps());
  }
}
