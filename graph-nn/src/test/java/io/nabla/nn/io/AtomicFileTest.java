package io.nabla.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
  @TempDir Path dir;

  @Test
  void writesANewFileAndReplacesAnOldOne() throws IOException {
    Path target = dir.resolve("out.bin");

    AtomicFile.write(target, channel -> channel.write(utf8("first")));
    assertEquals("first", Files.readString(target));

    AtomicFile.write(target, channel -> channel.write(utf8("second, longer")));
    assertEquals("second, longer", Files.readString(target));
    assertEquals(List.of(target), listing());
  }

  @Test
  void failureHalfwayLeavesTheOldFileAndNoTemporaryFile() throws IOException {
    Path target = dir.resolve("model.safetensors");
    Files.writeString(target, "old checkpoint");
    IOException diskFull = new IOException("No space left on device");

    IOException thrown = assertThrows(IOException.class, () -> AtomicFile.write(target,
        channel -> {
          channel.write(utf8("half of a new checkp"));
          assertEquals(1, temporaryFiles().size(), "the content goes to a temporary file");
          throw diskFull;
        }));

    assertSame(diskFull, thrown);
    assertArrayEquals(utf8Bytes("old checkpoint"), Files.readAllBytes(target));
    assertEquals(List.of(target), listing());
  }

  @Test
  void uncheckedFailureAlsoCleansUp() throws IOException {
    Path target = dir.resolve("model.safetensors");
    Files.writeString(target, "old");

    assertThrows(IllegalStateException.class, () -> AtomicFile.write(target, channel -> {
      channel.write(utf8("partial"));
      throw new IllegalStateException("bug in the writer");
    }));

    assertEquals("old", Files.readString(target));
    assertEquals(List.of(target), listing());
  }

  @Test
  void interruptedWriterLeavesTheOldFile() throws IOException {
    Path target = dir.resolve("model.safetensors");
    Files.writeString(target, "old");

    Thread.currentThread().interrupt();
    try {
      assertThrows(ClosedByInterruptException.class,
          () -> AtomicFile.write(target, channel -> channel.write(utf8("new"))));
    } finally {
      Thread.interrupted();
    }

    assertEquals("old", Files.readString(target));
    assertEquals(List.of(target), listing());
  }

  @Test
  void failedRenameLeavesNoTemporaryFile() throws IOException {
    Path target = Files.createDirectory(dir.resolve("occupied"));
    Files.writeString(target.resolve("inside"), "keep");

    assertThrows(IOException.class,
        () -> AtomicFile.write(target, channel -> channel.write(utf8("new"))));

    assertEquals("keep", Files.readString(target.resolve("inside")));
    assertEquals(List.of(target), listing());
  }

  @Test
  void relativePathIsWrittenInItsOwnDirectory() throws IOException {
    Path relative = Path.of("").toAbsolutePath().relativize(dir.resolve("rel.bin"));

    AtomicFile.write(relative, channel -> channel.write(utf8("here")));

    assertEquals("here", Files.readString(dir.resolve("rel.bin")));
    assertTrue(temporaryFiles().isEmpty());
  }

  @Test
  void theNextWriteDeletesTemporaryFilesThatAWriterLeftWhenItDied() throws IOException {
    Path target = dir.resolve("model.safetensors");
    Path stale = Files.writeString(dir.resolve(".model.safetensors.5eed.tmp"), "half");
    Path otherTargets = Files.writeString(dir.resolve(".other.safetensors.5eed.tmp"), "half");
    Path notOurs = Files.writeString(dir.resolve(".model.safetensors.notes.tmp"), "keep");

    AtomicFile.write(target, channel -> channel.write(utf8("new")));

    assertEquals("new", Files.readString(target));
    assertFalse(Files.exists(stale), "a temporary file nobody holds is deleted");
    assertTrue(Files.exists(otherTargets), "another target's temporary file is left alone");
    assertTrue(Files.exists(notOurs), "a name the writer never makes is left alone");
  }

  @Test
  void aTemporaryFileStillBeingWrittenIsNotDeleted() throws IOException {
    Path target = dir.resolve("model.safetensors");

    AtomicFile.write(target, channel -> {
      channel.write(utf8("outer"));
      Path outerTemp = temporaryFiles().get(0);
      AtomicFile.write(target, inner -> inner.write(utf8("inner")));
      assertTrue(Files.exists(outerTemp), "a write in progress keeps its temporary file");
    });

    assertEquals("outer", Files.readString(target));
    assertEquals(List.of(target), listing());
  }

  private List<Path> listing() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  private List<Path> temporaryFiles() throws IOException {
    return listing().stream().filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
  }

  private static ByteBuffer utf8(String s) {
    return ByteBuffer.wrap(utf8Bytes(s));
  }

  private static byte[] utf8Bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
