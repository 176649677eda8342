/* datetime.h - server timestamps shown in the person's local time zone. */
#ifndef PROFED_DATETIME_H
#define PROFED_DATETIME_H

/* Format an ISO 8601 UTC timestamp from the server ("2023-12-01T05:00:00
 * .401Z", or with a "+01:00" offset) as local time "2023-12-01 06:00 CET".
 * Text that is not such a timestamp comes back sanitised as it was (shown,
 * never misread); NULL gives NULL. Caller frees; NULL also when out of
 * memory. */
char *datetime_local(const char *iso);

#endif
