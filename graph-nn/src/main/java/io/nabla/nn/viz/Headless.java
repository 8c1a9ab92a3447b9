package io.nabla.nn.viz;

/** Puts AWT in headless mode before any picture is drawn, unless the application decided. */
final class Headless {
  static final String PROPERTY = "java.awt.headless";

  static {
    // An explicit -Djava.awt.headless=false (a desktop application) is respected.
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, "true");
    }
  }

  private Headless() {}

  /** Runs the static initializer; every drawing class calls it from its own. */
  static void ensure() {}
}
