/**
 * Plan passes: rewrites of what a plan runs (never the user's graph), the {@code Pass}/{@code
 * Rule} SPI, {@code PlanGraph} and the generic {@code Pipeline}.
 */
package io.nabla.core.pass;
