/**
 * The hot loops behind the ops (GEMM, convolutions, pooling, batch norm, broadcasting), with
 * Vector API variants; internal, not exported.
 */
package io.nabla.ops.kernel;
