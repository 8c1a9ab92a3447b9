package io.nabla.nn.data;

import com.google.common.base.Preconditions;
import io.nabla.core.tensor.Tensor;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPOutputStream;

/** Writes unsigned-byte IDX files atomically; the public entry is {@link IdxReader#write}. */
final class IdxWriter {
  private static final int CHUNK = 1 << 16;

  private IdxWriter() {}

  static void write(Path file, Tensor tensor, boolean gzip) {
    int[] dims = tensor.shape().dims();
    Preconditions.checkArgument(dims.length >= 1 && dims.length <= IdxHeader.MAX_RANK,
        "cannot write %s to %s: an IDX file has 1 to %s dimensions", tensor.shape().describe(),
        file.getFileName(), IdxHeader.MAX_RANK);
    float[] values = tensor.data();
    int n = tensor.size();
    for (int i = 0; i < n; i++) {
      float v = values[i];
      if (!(v >= 0 && v <= 255 && v == Math.rint(v))) {
        throw new IllegalArgumentException(String.format("cannot write %s to %s as unsigned"
            + " bytes: element %d is %s but only whole numbers 0..255 fit; scale images in"
            + " [0, 1] by 255 and round first", tensor.shape().describe(), file.getFileName(),
            i, v));
      }
    }
    Path target = file.toAbsolutePath();
    Path tmp = null;
    try {
      tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
      try (OutputStream out = open(tmp, gzip)) {
        writeHeader(out, dims);
        writeBytes(out, values, n);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      UncheckedIOException failure =
          new UncheckedIOException("cannot write IDX file " + file + ": " + e, e);
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException cleanup) {
          failure.addSuppressed(cleanup);
        }
      }
      throw failure;
    }
  }

  private static OutputStream open(Path tmp, boolean gzip) throws IOException {
    OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), CHUNK);
    return gzip ? new GZIPOutputStream(out, CHUNK) : out;
  }

  private static void writeHeader(OutputStream out, int[] dims) throws IOException {
    byte[] h = new byte[4 + 4 * dims.length];
    h[2] = (byte) IdxType.UNSIGNED_BYTE.code;
    h[3] = (byte) dims.length;
    for (int i = 0; i < dims.length; i++) {
      int d = dims[i];
      int at = 4 + 4 * i;
      h[at] = (byte) (d >>> 24);
      h[at + 1] = (byte) (d >>> 16);
      h[at + 2] = (byte) (d >>> 8);
      h[at + 3] = (byte) d;
    }
    out.write(h);
  }

  private static void writeBytes(OutputStream out, float[] values, int n) throws IOException {
    byte[] chunk = new byte[CHUNK];
    for (int start = 0; start < n; start += CHUNK) {
      int len = Math.min(CHUNK, n - start);
      for (int i = 0; i < len; i++) {
        chunk[i] = (byte) (int) values[start + i];
      }
      out.write(chunk, 0, len);
    }
  }
}
