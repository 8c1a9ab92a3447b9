package io.nabla.ops.nn;

import io.nabla.core.graph.Node;

/**
 * The nodes of one batch normalisation: its output, and the statistics it normalised with
 * (shaped {@code [1,C,1,1]} or {@code [1,C]}): in a training run those of the current batch, from
 * which a trainer updates the running averages (in an inference run, the running ones).
 * {@code batchVariance} is the biased variance used to normalise; PyTorch's running variance
 * uses the unbiased one, {@code batchVariance · m / (m − 1)} over {@code m} values per channel.
 */
public record BatchNormNodes(Node output, Node batchMean, Node batchVariance) {}
