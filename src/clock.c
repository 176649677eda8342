/* clock.c - the monotonic clock; see clock.h. */
#include "clock.h"

#include <time.h>

/* Milliseconds on CLOCK_MONOTONIC (cannot fail on Linux for this id). */
long long clock_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
