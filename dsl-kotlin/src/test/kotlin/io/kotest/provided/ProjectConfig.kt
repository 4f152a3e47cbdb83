package io.kotest.provided

import io.kotest.core.config.AbstractProjectConfig
import kotlin.time.Duration
import kotlin.time.Duration.Companion.minutes

/** Kotest's project configuration (found by this name): no spec may hang the build. */
class ProjectConfig : AbstractProjectConfig() {
    override val timeout: Duration? = 5.minutes
}
