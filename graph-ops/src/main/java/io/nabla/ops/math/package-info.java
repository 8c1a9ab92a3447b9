/**
 * Element-wise maths with broadcasting, activations, matrix products, shapes and reductions, each
 * with its shape rule and gradient.
 */
package io.nabla.ops.math;
