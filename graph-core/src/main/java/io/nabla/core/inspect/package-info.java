/**
 * Looking at graphs and plans: Graphviz DOT (the full dump or a {@code DotView}) and text
 * listings.
 */
package io.nabla.core.inspect;
