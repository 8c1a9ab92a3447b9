/**
 * Data for training: {@link io.nabla.nn.data.IdxReader} reads (and writes) IDX files, the
 * MNIST format; {@link io.nabla.nn.data.FashionMnist} loads Fashion-MNIST from the Debian
 * package's directory; {@link io.nabla.nn.data.Generated} makes the course's 2-D sets and a
 * ten-class image set for machines without real data; {@link io.nabla.nn.data.Dataset} holds
 * labelled examples in memory and cuts them into shuffled mini-batches.
 */
package io.nabla.nn.data;
