package io.nabla.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.nn.data.Dataset;
import io.nabla.nn.data.Generated;
import io.nabla.nn.io.Checkpoint;
import io.nabla.nn.io.CheckpointFormatException;
import io.nabla.nn.model.Mlp;
import io.nabla.nn.model.Model;
import io.nabla.nn.optim.Sgd;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flips every byte of a training checkpoint's header — the length prefix, the metadata with
 * the training progress, the names, shapes and offsets, the padding — one at a time, two ways
 * each, and resumes from it: no resume may go on, let alone with changed progress.
 */
class CheckpointTamperFuzzTest {
  @TempDir
  Path dir;

  @Test
  void everyFlippedHeaderByteIsRefused() throws Exception {
    Dataset train = Generated.moons(64, 0.1, 1);
    Path file = dir.resolve("run.ckpt");
    Trainer first = trainer(file).build();
    first.fit(train, null, 2, 16);
    byte[] original = Files.readAllBytes(file);
    long headerLength = ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    int headerEnd = (int) (8 + headerLength);

    Path tampered = dir.resolve("tampered.ckpt");
    Trainer second = trainer(dir.resolve("other.ckpt")).build();
    List<String> accepted = new ArrayList<>();
    int tried = 0;
    for (int i = 0; i < headerEnd; i++) {
      for (int bit : new int[] {0x01, 1 << (i % 8)}) {
        byte[] bytes = original.clone();
        bytes[i] ^= (byte) (bit == 0x01 && i % 8 == 0 ? 0x80 : bit);
        Files.write(tampered, bytes);
        tried++;
        try {
          second.resume(tampered);
          accepted.add("byte " + i + " ^ " + bit + ": resumed at epoch "
              + second.epochsCompleted() + ", step " + second.steps());
        } catch (CheckpointFormatException | IllegalArgumentException e) {
          assertTrue(e.getMessage().startsWith(tampered.toString()),
              "byte " + i + ": the message names the file: " + e.getMessage());
          assertTrue(!e.getMessage().contains("Exception"), "no raw Java exception text: "
              + e.getMessage());
        }
      }
    }
    assertEquals(2 * headerEnd, tried);
    assertEquals(List.of(), accepted, "every tampered header refused");

    second.resume(file);   // the untouched file still resumes
    assertEquals(first.steps(), second.steps());
    assertEquals(2, second.epochsCompleted());
  }

  @Test
  void damagedProgressNamesTheEntryWithoutJavaText() throws Exception {
    Path file = dir.resolve("damaged.ckpt");
    Model model = Mlp.inputs(2).hidden(4).classes(2).build(5);
    Trainer t = Trainer.builder(model, new Sgd(0.1, 0.9)).seed(3).build();
    // a file whose checksum is right but whose progress block was written wrong
    Checkpoint.save(file, model, null, Map.of("trainer.epochs", "1", "trainer.seed", "3",
        "trainer.base_rate", "0.1", "trainer.optimizer", "Sgd"));

    CheckpointFormatException e =
        assertThrows(CheckpointFormatException.class, () -> t.resume(file));
    assertEquals(file + ": its training progress is damaged: metadata 'trainer.steps' is "
        + "missing; resume from an earlier checkpoint", e.getMessage());
  }

  private static TrainerBuilder trainer(Path checkpoint) {
    Model model = Mlp.inputs(2).hidden(4).classes(2).build(5);
    return Trainer.builder(model, new Sgd(0.1, 0.9)).seed(3).checkpoint(checkpoint);
  }
}
