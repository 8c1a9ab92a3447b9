/**
 * Finite-difference checking of gradients ({@code GradientCheck}), for the library's ops and for
 * ops users write.
 */
package io.nabla.testing;
