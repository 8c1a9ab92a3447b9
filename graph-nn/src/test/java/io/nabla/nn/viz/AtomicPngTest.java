package io.nabla.nn.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicPngTest {
  @TempDir Path dir;

  @Test
  void writesTheImageAndNothingElse() throws IOException {
    Path png = dir.resolve("a.png");
    AtomicPng.write(image(3, 2, 0x123456), png);

    BufferedImage back = Pngs.read(png);
    assertEquals(3, back.getWidth());
    assertEquals(0x123456, Pngs.rgb(back, 2, 1));
  }

  @Test
  void replacesAnExistingFile() throws IOException {
    Path png = dir.resolve("a.png");
    Files.writeString(png, "old");
    AtomicPng.write(image(4, 4, 0xff0000), png);

    assertEquals(0xff0000, Pngs.rgb(Pngs.read(png), 0, 0));
  }

  @Test
  void createsMissingDirectories() throws IOException {
    Path png = dir.resolve("out/pictures/a.png");
    AtomicPng.write(image(2, 2, 0), png);

    Pngs.read(png);
  }

  @Test
  void aFailedMoveRemovesTheTemporaryFileAndKeepsTheTarget() throws IOException {
    Path target = dir.resolve("a.png");
    Files.createDirectory(target);
    Files.writeString(target.resolve("keep.txt"), "precious");

    assertThrows(IOException.class, () -> AtomicPng.write(image(2, 2, 0), target));

    assertEquals(List.of("a.png"), Pngs.files(dir));
    assertEquals("precious", Files.readString(target.resolve("keep.txt")));
  }

  private static BufferedImage image(int w, int h, int rgb) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, rgb);
      }
    }
    return img;
  }
}
