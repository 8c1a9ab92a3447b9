/**
 * Building and holding models: {@code ModelBuilder} (any DAG of layers), the {@code Sequential},
 * {@code Mlp} and {@code Cnn} builders on top of it, presets, {@code Model}, weight transfer.
 */
package io.nabla.nn.model;
