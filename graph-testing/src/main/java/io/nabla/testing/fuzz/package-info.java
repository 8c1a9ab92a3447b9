/**
 * Gradient fuzzing: random graphs of the op library grown from recipes, checked against finite
 * differences, failures shrunk and reported.
 */
package io.nabla.testing.fuzz;
