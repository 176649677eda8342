/* clock.h - the one clock of profed's timers.
 *
 * Every deadline, backoff, poll interval, debounce and timeout in the
 * core (and the tests that measure them) reads this clock, so they all
 * agree and none jumps when the wall clock is set: it is the monotonic
 * clock, in milliseconds from an arbitrary start (positive, never goes
 * back). Not for dates shown to people (datetime.h).
 */
#ifndef PROFED_CLOCK_H
#define PROFED_CLOCK_H

/* Milliseconds on the monotonic clock. No failure. */
long long clock_now_ms(void);

#endif
