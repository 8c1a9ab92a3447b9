package io.nabla.nn.data;

import java.nio.file.Path;

/**
 * A file that should hold IDX data (or a dataset built from IDX files) is malformed: wrong
 * magic number, unknown element type, impossible dimensions, truncated or trailing data, a
 * damaged gzip stream, or images and labels that do not match. The message starts with the
 * file's name and says what was expected and what was found.
 */
public class IdxFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String file;

  /** A problem with {@code file}; the message reads {@code "<file name>: <problem>"}. */
  public IdxFormatException(Path file, String problem) {
    this(file, problem, null);
  }

  /** As {@link #IdxFormatException(Path, String)}, keeping the low-level cause. */
  public IdxFormatException(Path file, String problem, Throwable cause) {
    super(file.getFileName() + ": " + problem, cause);
    this.file = file.toString();
  }

  /** The path of the offending file, as it was given. */
  public String file() {
    return file;
  }
}
