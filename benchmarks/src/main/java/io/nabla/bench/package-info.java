/**
 * JMH benchmarks of the kernels and layers, and the end-to-end training probe behind
 * BENCHMARKS.md; not a library.
 */
package io.nabla.bench;
