/**
 * Go's {@code time} on goroutines: {@link dev.weft.time.Time#sleep}, {@link dev.weft.time.Timer}
 * (one shot, stop and reset), {@link dev.weft.time.Ticker} (a channel of ticks that drops ticks
 * a slow receiver misses, as Go's does) {@code after} and {@code afterFunc}. All run on Weft's timer heap.
 * Durations saturate: zero or negative means "already expired", a {@code Duration} too long to
 * count means "never".
 */
package dev.weft.time;
