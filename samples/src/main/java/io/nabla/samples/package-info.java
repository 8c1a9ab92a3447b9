/**
 * The runnable samples, one picocli sub-command each; not a library.
 */
package io.nabla.samples;
