/**
 * The static builders users import: {@code Ops} (maths, shapes, reductions, activations, losses)
 * and {@code NnOps} (convolution, pooling, batch norm, dropout, structure).
 */
package io.nabla.ops;
