package io.nabla.nn.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a file's content all at once, so that a crash or an error leaves either the old
 * file or the complete new one in place, never a half-written one.
 *
 * <p>The content goes to a hidden temporary file in the target's own directory (a rename is
 * only atomic within one file system), is forced to the disk, and the temporary file is then
 * renamed over the target with {@link StandardCopyOption#ATOMIC_MOVE}. If anything fails
 * before the rename, the temporary file is deleted and the exception propagates. Where the
 * file system cannot rename atomically, the write fails rather than fall back to a copy.
 */
final class AtomicFile {
  private static final int NAME_ATTEMPTS = 10;

  /** Writes a file's content; the channel is positioned at 0 and must not be closed. */
  @FunctionalInterface
  interface Content {
    void writeTo(FileChannel channel) throws IOException;
  }

  private AtomicFile() {}

  /** Writes {@code target} atomically with the bytes that {@code content} produces. */
  static void write(Path target, Content content) throws IOException {
    Path file = target.toAbsolutePath();
    Path dir = file.getParent();
    Path temp = null;
    try {
      temp = createTemp(dir, file.getFileName().toString());
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        content.writeTo(channel);
        channel.force(true);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (Throwable t) {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          t.addSuppressed(e);
        }
      }
      throw t;
    }
    syncDirectory(dir);
  }

  private static Path createTemp(Path dir, String name) throws IOException {
    for (int attempt = 1; ; attempt++) {
      Path temp = dir.resolve("." + name + "." + Long.toHexString(
          ThreadLocalRandom.current().nextLong() >>> 1) + ".tmp");
      try {
        Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
            .close();
        return temp;
      } catch (FileAlreadyExistsException e) {
        if (attempt == NAME_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /**
   * Makes the rename itself durable by forcing the directory entry to the disk. Best effort:
   * some platforms (Windows) cannot open a directory, and there the new content is already
   * safe in the file, only the rename may be lost in a power cut.
   */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Not supported on this platform; the file's own content was forced before the rename.
    }
  }
}
