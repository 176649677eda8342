/* curses_wide.h - include the wide-character curses API the same way in
 * every ui/ file (cchar_t, get_wch, waddnwstr need _XOPEN_SOURCE_EXTENDED
 * with some ncurses builds). */
#ifndef PROFED_UI_CURSES_WIDE_H
#define PROFED_UI_CURSES_WIDE_H

#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>

#endif
