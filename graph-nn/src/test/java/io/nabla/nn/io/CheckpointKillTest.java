package io.nabla.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.graph.Node;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.Parameter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills (SIGKILL) a process that keeps saving checkpoints to one file, at random moments, and
 * checks that the file left behind always loads as one complete generation: a crash during a
 * save must leave the previous checkpoint, never a torn, empty or missing one.
 */
class CheckpointKillTest {
  private static final int KILLS = 12;

  @TempDir
  Path dir;

  @Test
  void aProcessKilledWhileSavingLeavesACompleteCheckpoint() throws Exception {
    Path file = dir.resolve("model.safetensors");
    Model reader = GenerationSaver.model();
    Random random = new Random(1);
    long previous = 0;
    int duringWrite = 0;
    for (int kill = 0; kill < KILLS; kill++) {
      long first = 1_000L * (kill + 1);
      Process child = startSaver(file, first);
      try {
        waitForGeneration(file, child, kill == 0 ? 1 : previous + 1, reader);
        // aim at a save: wait for its temporary file, then let it run a random while longer
        waitForTemporaryFile();
        Thread.sleep(random.nextInt(KILLS) * 3L);
        if (!temporaryFiles().isEmpty()) {
          duringWrite++;
        }
      } finally {
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the saver did not die");
      }
      long generation = loadGeneration(file, reader);
      assertTrue(generation >= first, "after kill " + kill + " the file holds generation "
          + generation + ", older than the one seen before the kill (" + first + ")");
      previous = generation;
    }
    assertTrue(duringWrite > 0, "no kill hit a save in progress; the test proved nothing");

    // the next save cleans up what the killed writers left behind
    GenerationSaver.fill(reader, 7);
    Checkpoint.save(file, reader, null, Map.of("generation", "7"));
    assertEquals(List.of(file), listing(), "stale temporary files were removed");
    System.out.printf("%d kills, %d while a temporary file existed%n", KILLS, duringWrite);
  }

  /** Waits until the child has written a generation at least {@code least}. */
  private static void waitForGeneration(Path file, Process child, long least, Model reader)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      if (!child.isAlive()) {
        throw new AssertionError("the saver exited with " + child.exitValue() + ": "
            + new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
      }
      assertTrue(System.nanoTime() < deadline, "the saver wrote no generation >= " + least);
      if (Files.exists(file) && loadGeneration(file, reader) >= least) {
        return;
      }
      Thread.sleep(20);
    }
  }

  private void waitForTemporaryFile() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (temporaryFiles().isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
  }

  /** Loads {@code file} and checks it is one complete generation; returns its number. */
  private static long loadGeneration(Path file, Model reader) throws IOException {
    Map<String, String> meta = Checkpoint.load(file, reader, null);
    long generation = Long.parseLong(meta.get("generation"));
    for (Parameter p : reader.parameters()) {
      Node v = p.variable();
      float[] values = reader.session().value(v).toArray();
      for (int i = 0; i < values.length; i++) {
        if (values[i] != generation) {
          throw new AssertionError(file + " is torn: generation " + generation + " but '"
              + v.name() + "'[" + i + "] = " + values[i]);
        }
      }
    }
    return generation;
  }

  private static Process startSaver(Path file, long first) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "--add-modules",
        "jdk.incubator.vector", "-Xshare:off", "-cp", System.getProperty("java.class.path"),
        GenerationSaver.class.getName(), file.toString(), Long.toString(first)));
    return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  private List<Path> listing() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  private List<Path> temporaryFiles() throws IOException {
    return listing().stream().filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
  }
}
