/**
 * Layers: descriptions that add their scoped nodes and parameters to a graph when applied ({@code
 * Layer}, {@code LayerContext}); the built-in layers, merges and blocks.
 */
package io.nabla.nn.layer;
