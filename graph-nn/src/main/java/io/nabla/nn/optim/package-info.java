/**
 * Optimizers ({@code Sgd}, {@code Adam}, the public {@code StatefulOptimizer} base for new ones),
 * learning-rate schedules and gradient clipping.
 */
package io.nabla.nn.optim;
