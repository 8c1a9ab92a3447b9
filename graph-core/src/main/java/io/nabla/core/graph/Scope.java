package io.nabla.core.graph;

/**
 * An open name scope; closing it returns to the enclosing one. Use with try-with-resources:
 * {@code try (Scope s = graph.scope("fc1")) { ... }}.
 */
public interface Scope extends AutoCloseable {
  @Override
  void close();
}
