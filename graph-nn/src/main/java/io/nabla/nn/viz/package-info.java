/**
 * Pictures as PNG, drawn with AWT: training curves, filters, feature maps, decision boundaries,
 * image grids.
 */
package io.nabla.nn.viz;
