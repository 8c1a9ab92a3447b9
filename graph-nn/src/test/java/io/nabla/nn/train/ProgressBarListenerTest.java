package io.nabla.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressBarListenerTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private long now;

  private String run(boolean terminal, int batches) {
    ProgressBarListener bar = new ProgressBarListener(out, terminal, () -> now);
    bar.epochStarted(3, batches);
    for (int b = 0; b < batches; b++) {
      now += 100_000_000L; // 0.1 s per batch
      bar.batchFinished(3, b, 2.0);
    }
    bar.epochFinished(null);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void redirectedOutputGetsPlainLinesAtEveryTenthAndOneAtTheEnd() {
    String text = run(false, 20);

    assertFalse(text.contains("\r"), text);
    List<String> lines = text.lines().toList();
    assertEquals(10, lines.size(), text);
    assertEquals("epoch 3: 2/20 batches (10%), loss 2.0000, 0.2 s", lines.get(0));
    assertEquals("epoch 3: 20/20 batches (100%), loss 2.0000, 2.0 s", lines.get(9));
  }

  @Test
  void aTerminalGetsOneBarRedrawnInPlaceAtMostTwiceASecond() {
    String text = run(true, 20);

    assertEquals(1, text.chars().filter(c -> c == '\n').count(), "one line, ended once the epoch is over");
    // first batch, then every 0.5 s (batches 6, 11, 16), the last batch and the closing frame
    assertEquals(6, text.chars().filter(c -> c == '\r').count(), text);
    assertTrue(text.endsWith("\repoch 3 [" + "=".repeat(30) + "] 100% 20/20 loss 2.0000 2.0s"
        + System.lineSeparator()), text);
  }

  @Test
  void anEpochOfOneBatchPrintsOneLine() {
    String text = run(false, 1);

    assertEquals(List.of("epoch 3: 1/1 batches (100%), loss 2.0000, 0.1 s"), text.lines().toList());
  }
}
