/**
 * Training: {@code TrainStep} (one step over chosen parameters), {@code Trainer} (epochs,
 * evaluation, checkpoints, resume) on top of it, losses, metrics, listeners and what they report.
 */
package io.nabla.nn.train;
