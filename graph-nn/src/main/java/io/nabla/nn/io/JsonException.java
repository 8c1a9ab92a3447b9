package io.nabla.nn.io;

/** A JSON text that {@link Json} refuses, with the character position of the problem. */
final class JsonException extends Exception {
  JsonException(String message) {
    super(message);
  }
}
