/**
 * Shapes (with unknown dimensions) and dense float tensors.
 */
package io.nabla.core.tensor;
