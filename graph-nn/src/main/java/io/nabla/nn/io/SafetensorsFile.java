package io.nabla.nn.io;

import io.nabla.core.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a safetensors file holds, as {@link Safetensors#read} returns it.
 *
 * @param tensors the tensors by name, in name order; the map cannot be modified
 * @param metadata the free-form string metadata of the header's {@code __metadata__} entry,
 *     in file order and without Nabla's own checksum key {@value Safetensors#CHECKSUM_KEY} (or an older file's {@value Safetensors#LEGACY_CRC32_KEY})
 *     (which {@code read} has already verified); the map cannot be modified
 */
public record SafetensorsFile(Map<String, Tensor> tensors, Map<String, String> metadata) {
  /** Copies both maps, keeping their iteration order. */
  public SafetensorsFile {
    tensors = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(tensors)));
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(metadata)));
  }

  /**
   * The tensor called {@code name}.
   *
   * @throws IllegalArgumentException naming the tensors the file does hold, when it has none
   *     of that name
   */
  public Tensor tensor(String name) {
    Tensor t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no tensor '" + name + "' in this file; it holds "
          + tensors.keySet());
    }
    return t;
  }
}
