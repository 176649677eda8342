/* version.h - what `profed --version` says: GNU style, on stdout.
 *
 *   profed 0.1.0
 *   libcurl 7.88.1 (OpenSSL/3.0.11)
 *   ncurses 6.4.20221231
 *   cJSON 1.7.15
 *   libchafa 1.12.4, libwebp 1.2.4, stb_image       (when built with them)
 *   API versions: users 2026-06-09, files 2026-08-21-1
 *
 * The libraries are the ones loaded at run time where the library can say
 * (libcurl, ncurses, cJSON, libwebp). The API versions are the pinned
 * defaults (config.h), one row each in version.c's table.
 */
#ifndef PROFED_VERSION_H
#define PROFED_VERSION_H

/* The whole text, lines ending in '\n'. ncurses is curses_version()'s
 * string (only main.c sees curses), NULL to leave the line out. Caller
 * frees; NULL out of memory. */
char *version_text(const char *ncurses);

/* The pinned Api-Version-Date of each API, as "users 2026-06-09, files
 * 2026-08-21-1". Caller frees; NULL out of memory. */
char *version_api_pins(void);

#endif
