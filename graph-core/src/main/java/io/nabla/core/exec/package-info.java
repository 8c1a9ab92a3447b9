/**
 * Running graphs: {@code Session} holds the variables' values and compiles fetches into a {@code
 * Plan}, which checks feeds, infers run-time shapes, pools buffers and runs ops in parallel.
 */
package io.nabla.core.exec;
