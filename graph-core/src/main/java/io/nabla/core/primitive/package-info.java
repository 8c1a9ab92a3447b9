/**
 * The few ops autodiff itself needs (fills, add-n, identity, stop-gradient, sum-like, broadcast-
 * like); used by the op library, not meant for users.
 */
package io.nabla.core.primitive;
