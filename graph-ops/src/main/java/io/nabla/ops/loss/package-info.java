/**
 * Loss ops (softmax and sigmoid cross-entropy, one-hot) and the rule pairing an output with its
 * target without broadcasting.
 */
package io.nabla.ops.loss;
