/**
 * Data-parallel training on Apache Spark: {@link io.nabla.spark.SparkTrainer} computes each
 * step's gradients on the partitions of a cached RDD of {@link io.nabla.spark.Shard}s, sums them
 * in a fixed order with {@code treeAggregate}, and applies them on the driver through the
 * single-machine {@link io.nabla.nn.train.Trainer}'s own update.
 */
package io.nabla.spark;
