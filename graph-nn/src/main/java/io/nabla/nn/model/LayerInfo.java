package io.nabla.nn.model;

import io.nabla.core.tensor.Shape;

/** A summary row: the layer's scope name, its kind, output shape and trainable scalars. */
public record LayerInfo(String name, String kind, Shape outputShape, long parameters) {}
