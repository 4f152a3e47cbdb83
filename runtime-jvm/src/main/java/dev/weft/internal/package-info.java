/**
 * What Weft's packages share and users must not: the timer heap, the rule for blocking
 * operations, the current-context bridge, settings and trace plumbing. Not exported by the
 * {@code dev.weft} module; nothing here is part of the API.
 */
package dev.weft.internal;
