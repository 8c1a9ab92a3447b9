package io.nabla.nn.viz;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import javax.imageio.ImageIO;

/**
 * Writes a picture so that {@code png} is either the old file or the complete new one, never a
 * half-written PNG: the image is encoded into a temporary file in the same directory, flushed
 * to disk, then renamed over the target in one atomic step.
 */
final class AtomicPng {
  private AtomicPng() {}

  /** Encodes {@code image} as PNG into {@code png}, creating missing parent directories. */
  static void write(BufferedImage image, Path png) throws IOException {
    Path target = png.toAbsolutePath();
    Path dir = target.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    try {
      // Writing to a File (not a stream) keeps ImageIO from caching in java.io.tmpdir.
      if (!ImageIO.write(image, "png", tmp.toFile())) {
        throw new IOException("this Java runtime has no PNG writer; cannot write " + target);
      }
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(tmp, target, ATOMIC_MOVE, REPLACE_EXISTING);
    } catch (IOException | RuntimeException | Error e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }
}
