package io.nabla.nn.io;

import java.nio.file.Path;

/**
 * A checkpoint file that cannot be read because its content is wrong: truncated, damaged,
 * inconsistent, or holding something Nabla does not store. The message names the file and
 * says what is wrong with it; failures of the file system itself are {@link
 * java.io.IOException}s instead.
 */
public class CheckpointFormatException extends RuntimeException {
  private final Path file;

  /** A problem with {@code file}; the message becomes {@code "<file>: <problem>"}. */
  public CheckpointFormatException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  /** As {@link #CheckpointFormatException(Path, String)}, keeping the lower-level cause. */
  public CheckpointFormatException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  /** The file that could not be read. */
  public Path file() {
    return file;
  }
}
