package io.nabla.nn.io;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Replaces a file's content all at once, so that a crash or an error leaves either the old
 * file or the complete new one in place, never a half-written one.
 *
 * <p>The content goes to a hidden temporary file in the target's own directory (a rename is
 * only atomic within one file system), is forced to the disk, and the temporary file is then
 * renamed over the target with {@link StandardCopyOption#ATOMIC_MOVE}; then the directory is
 * forced too, so the rename survives a power cut. If anything fails before the rename, the
 * temporary file is deleted and the exception propagates. Where the file system cannot rename
 * atomically, the write fails rather than fall back to a copy.
 *
 * <p>A process killed while writing cannot delete its temporary file. The writer therefore
 * holds an exclusive lock on it until the rename, which the operating system releases when
 * the process dies; the next write of the same target deletes the temporary files of that
 * target that nobody holds any more.
 */
public final class AtomicFile {
  private static final int NAME_ATTEMPTS = 10;
  /** Temporary files this JVM is writing: locks are per process, so they cannot tell. */
  /** What follows {@code .<target name>.} in a temporary file's name. */
  private static final Pattern TEMP_SUFFIX = Pattern.compile("[0-9a-f]{1,16}\\.tmp");
  private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();

  /** Writes a file's content; the channel is positioned at 0 and must not be closed. */
  @FunctionalInterface
  public interface Content {
    void writeTo(FileChannel channel) throws IOException;
  }

  private AtomicFile() {}

  /** Writes {@code target} atomically with the bytes that {@code content} produces. */
  public static void write(Path target, Content content) throws IOException {
    Path file = target.toAbsolutePath();
    Path dir = file.getParent();
    String name = file.getFileName().toString();
    deleteStaleTemps(dir, name);
    Path temp = null;
    try {
      temp = createTemp(dir, name);
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        lockIfSupported(channel);
        content.writeTo(channel);
        channel.force(true);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (Throwable t) {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          t.addSuppressed(e);
        }
      }
      throw t;
    } finally {
      if (temp != null) {
        WRITING.remove(temp);
      }
    }
    syncDirectory(dir);
  }

  /**
   * Locks a temporary file until it is renamed (the channel closes after the rename), telling
   * other processes it is not stale. A file system without locks just gets no cleanup: there
   * {@link #deleteIfUnlocked} cannot lock either and deletes nothing.
   */
  private static void lockIfSupported(FileChannel channel) throws IOException {
    try {
      channel.tryLock();
    } catch (ClosedChannelException e) {
      throw e;   // interrupted: the write is over
    } catch (IOException e) {
      // no locks on this file system
    }
  }

  /**
   * Deletes the temporary files of {@code name} left by writers that died: those no process
   * holds a lock on. Best effort: a file that cannot be examined or deleted is left alone.
   */
  private static void deleteStaleTemps(Path dir, String name) {
    String prefix = "." + name + ".";
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, p -> {
      String n = p.getFileName().toString();
      return n.startsWith(prefix) && TEMP_SUFFIX.matcher(n.substring(prefix.length())).matches()
          && !WRITING.contains(p);
    })) {
      for (Path temp : temps) {
        deleteIfUnlocked(temp);
      }
    } catch (IOException | DirectoryIteratorException e) {
      // the write itself will report a directory that cannot be used
    }
  }

  private static void deleteIfUnlocked(Path temp) {
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      if (channel.tryLock() != null) {
        Files.deleteIfExists(temp);
      }
    } catch (IOException | OverlappingFileLockException e) {
      // gone meanwhile, not ours to delete, or being written: leave it
    }
  }

  private static Path createTemp(Path dir, String name) throws IOException {
    for (int attempt = 1; ; attempt++) {
      Path temp = dir.resolve("." + name + "." + Long.toHexString(
          ThreadLocalRandom.current().nextLong() >>> 1) + ".tmp");
      WRITING.add(temp);   // before it exists, so no other thread takes it for stale
      try {
        Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
            .close();
        return temp;
      } catch (IOException e) {
        WRITING.remove(temp);
        if (!(e instanceof FileAlreadyExistsException) || attempt == NAME_ATTEMPTS) {
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
