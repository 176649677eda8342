/* listfmt.h - a list printed for a person or a program: an aligned table
 * fitted to a width, one JSON array, JSON lines, or CSV (RFC 4180).
 *
 * A list is ncols column titles and nrows rows of cells, row-major
 * (cells[r * ncols + c]; a NULL cell is empty). Everything that reaches
 * the output is sanitised as `profed show` does (text.h): escapes and
 * other control characters become inert text, invalid UTF-8 becomes
 * U+FFFD, bidi overrides are neutralised; so server text can never drive
 * the terminal. Every function returns a new NUL-terminated string
 * (caller frees) and NULL only when out of memory; they never print.
 *
 * Used by `profed find`, `history` and `log` (the lead wires them):
 *   text = listfmt_table(titles, n, cells, rows, columns_of_terminal);
 *   text = listfmt_json_array(items, n);   // items: JSON text as received
 */
#ifndef PROFED_LISTFMT_H
#define PROFED_LISTFMT_H

#include <stddef.h>

#define LISTFMT_GAP 2      /* spaces between columns */
#define LISTFMT_MIN_COL 6  /* a column is never cut below this (or its title) */

/* The table: a title line, then one line per row; columns are separated
 * by LISTFMT_GAP spaces and padded to the widest cell; lines end in "\n"
 * without trailing blanks. A cell's newlines show as U+21B5, tabs as a
 * space. width > 0: when the natural widths do not fit, the widest column
 * gives up a column at a time (not below LISTFMT_MIN_COL) and its cells
 * end in "…" (U+2026); when even that does not fit, lines are cut at
 * width. width 0: no limit. No rows: just the title line. */
char *listfmt_table(const char *const *titles, size_t ncols,
                    const char *const *cells, size_t nrows, size_t width);

/* CSV: a header line of the titles, then the rows; lines end in CRLF;
 * a field holding a comma, a double quote, CR or LF is quoted with its
 * quotes doubled (RFC 4180). Newlines and tabs in a cell are kept (they
 * are data); other control characters are made inert like everywhere. */
char *listfmt_csv(const char *const *titles, size_t ncols,
                  const char *const *cells, size_t nrows);

/* One JSON array of the items (each a JSON text, e.g. one API item as
 * received), "[]" when n is 0, then "\n". An item is kept byte for byte
 * unless sanitising would change it (then the sanitised text, as
 * `show --json` does); a NULL or empty item is written as null. A raw
 * newline or tab between tokens becomes a space so the array stays one
 * line per item when pretty text comes in. */
char *listfmt_json_array(const char *const *items, size_t n);

/* The same items one per line (JSON lines); "" when n is 0. */
char *listfmt_jsonl(const char *const *items, size_t n);

/* RFC 4180 quoting of one field (after sanitising), appended to a new
 * string; exposed for the tests and the bulk-edit results. */
char *listfmt_csv_field(const char *cell);

#endif
