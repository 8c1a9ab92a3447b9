/**
 * Parameter initialisers: He, Glorot, constants, drawn from a seeded random source.
 */
package io.nabla.nn.init;
