package dev.weft.examples

import dev.weft.chan.SendChan

/** A Kotlin producer for a channel that a Java consumer reads: one channel, both languages. */
object KotlinProducer {
    /** Sends 1², 2², …, [n]² to [out], then closes it. */
    @JvmStatic
    fun squares(out: SendChan<Int>, n: Int) {
        for (i in 1..n) out.send(i * i)
        out.close()
    }
}
