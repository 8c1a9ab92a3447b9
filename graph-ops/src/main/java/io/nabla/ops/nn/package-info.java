/**
 * Network ops: convolution and transposed convolution, pooling, upsampling, batch norm, dropout,
 * padding, cropping, concatenation, softmax, and their gradient ops.
 */
package io.nabla.ops.nn;
