/**
 * Reverse-mode automatic differentiation: {@code Autodiff.gradients} adds the gradient computation
 * to the graph as ordinary nodes, which can be run, dumped and differentiated again.
 */
package io.nabla.core.autodiff;
