package io.nabla.nn.model;

import io.nabla.core.graph.Node;

/**
 * A non-trainable variable updated after each training step as
 * {@code state ← (1 − momentum) · state + momentum · scale · batchValue}, e.g. batch norm's
 * running mean and variance ({@code scale} turns the biased batch variance into the unbiased
 * one PyTorch keeps: m / (m − 1)).
 */
public record RunningAverage(Node state, Node batchValue, float momentum, Node sampleCount) {}
