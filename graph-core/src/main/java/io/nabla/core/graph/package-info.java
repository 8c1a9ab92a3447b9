/**
 * The graph itself: {@code Graph} (with scopes and extensions), immutable {@code Node}s, and the
 * {@code Op} SPI with its contexts for computing ({@code OpContext}) and differentiating ({@code
 * GradContext}).
 */
package io.nabla.core.graph;
