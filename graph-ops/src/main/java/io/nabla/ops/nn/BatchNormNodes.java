package io.nabla.ops.nn;

import io.nabla.core.graph.Node;

/**
 * The nodes of one batch normalisation: its output, and the statistics of the current batch
 * (shaped {@code [1,C,1,1]} or {@code [1,C]}) from which a trainer updates the running averages.
 * {@code batchVariance} is the biased variance used to normalise; PyTorch's running variance
 * uses the unbiased one, {@code batchVariance · m / (m − 1)} over {@code m} values per channel.
 */
public record BatchNormNodes(Node output, Node batchMean, Node batchVariance) {}
