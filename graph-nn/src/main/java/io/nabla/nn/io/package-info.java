/**
 * Files: safetensors reading and writing, model and training checkpoints, atomic writes.
 */
package io.nabla.nn.io;
