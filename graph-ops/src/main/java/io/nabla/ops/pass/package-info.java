/**
 * The op library's plan passes: arithmetic identities and layer fusions ({@code
 * OpsPasses.standard()}).
 */
package io.nabla.ops.pass;
