package io.nabla.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The tests' Spark: one local context per test JVM (starting one costs seconds), two worker
 * threads and up to four attempts per task ({@code local[2,4]}: plain {@code local[2]} never
 * retries a failed task, which the fault tests need).
 */
final class LocalSpark {
  private static JavaSparkContext context;

  private LocalSpark() {}

  static synchronized JavaSparkContext context() {
    if (context == null) {
      SparkConf conf = new SparkConf().setMaster("local[2,4]").setAppName("nabla-spark-tests")
          .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
          .set("spark.sql.shuffle.partitions", "2");
      context = new JavaSparkContext(conf);
      context.setLogLevel("WARN");
    }
    return context;
  }

  /** Stops the context: the next {@link #context()} is a new driver. */
  static synchronized void restart() {
    if (context != null) {
      context.stop();
      context = null;
    }
  }
}
