package io.nabla.nn.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** Reading back and probing the pictures the tests write. */
final class Pngs {
  private Pngs() {}

  /** Reads {@code png}, failing unless it decodes and is the only file in its directory. */
  static BufferedImage read(Path png) throws IOException {
    BufferedImage img = ImageIO.read(png.toFile());
    assertNotNull(img, png + " is not a readable image");
    assertEquals(List.of(png.getFileName().toString()), files(png.getParent()),
        "a temporary file was left next to " + png);
    return img;
  }

  /** Names of the files in {@code dir}, sorted. */
  static List<String> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  static int rgb(BufferedImage img, int x, int y) {
    return img.getRGB(x, y) & 0xffffff;
  }

  static int rgb(Color c) {
    return c.getRGB() & 0xffffff;
  }

  /** Gray level of a pixel that must be gray (r = g = b). */
  static int gray(BufferedImage img, int x, int y) {
    int p = rgb(img, x, y);
    int r = p >> 16 & 0xff;
    assertEquals(r, p >> 8 & 0xff, "pixel (" + x + "," + y + ") is not gray");
    assertEquals(r, p & 0xff, "pixel (" + x + "," + y + ") is not gray");
    return r;
  }

  /** The smallest rectangle holding every pixel of exactly {@code color}; null if none. */
  static Rectangle boundsOf(BufferedImage img, Color color) {
    int target = rgb(color);
    Rectangle r = null;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        if (rgb(img, x, y) == target) {
          Rectangle p = new Rectangle(x, y, 1, 1);
          r = r == null ? p : r.union(p);
        }
      }
    }
    return r;
  }

  /** Number of pixels within {@code tolerance} of {@code color} on every channel. */
  static int countNear(BufferedImage img, Color color, int tolerance) {
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        Color c = new Color(img.getRGB(x, y));
        if (Math.abs(c.getRed() - color.getRed()) <= tolerance
            && Math.abs(c.getGreen() - color.getGreen()) <= tolerance
            && Math.abs(c.getBlue() - color.getBlue()) <= tolerance) {
          n++;
        }
      }
    }
    return n;
  }
}
