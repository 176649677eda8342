/* bulk.h - bulk edits from a file (`profed set --from FILE`, issue 11
 * section 5): the row reader, the pieces of the plan (users seen, rows to
 * skip on --resume), the pacing and the result lines. No I/O beyond the
 * FILE it is given, no printing; cli_bulk.c drives it and talks.
 *
 * Input. JSONL (one object per line: "user" and any of name, bio,
 * username, picture; a key may also be the API's, "profile_picture";
 * null leaves the field alone) or CSV with a header row naming the same
 * columns (RFC 4180: "," between cells, CRLF or LF between records,
 * quoted cells with "" for a quote and line breaks inside; an empty cell
 * leaves the field alone). The first byte that is not white space (after
 * a UTF-8 byte order mark) decides: '{' is JSONL, anything else CSV.
 * Blank lines are skipped.
 *
 * Streaming: one record at a time, at most BULK_MAX_RECORD bytes kept (a
 * longer record is read to its end and reported, not stored), so memory
 * does not grow with the file.
 *
 * Hostile input is a bad row, never a crash: invalid UTF-8, a NUL byte, a
 * record over the limit, an unclosed quote (the record runs to the end of
 * the file and is reported there), text after a closing quote, a quote in
 * an unquoted cell, a wrong cell count, JSON that is not an object, a
 * value that is not a string, an unknown field, a field twice.
 */
#ifndef PROFED_BULK_H
#define PROFED_BULK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "edit.h"
#include "error.h"

#define BULK_MAX_RECORD (256u * 1024u) /* bytes of one row */
#define BULK_MAX_COLUMNS 16
#define BULK_RATE_DEFAULT 300          /* requests per minute per operation */
#define BULK_RATE_MAX 600              /* the API's limit */

enum bulk_format { BULK_JSONL, BULK_CSV };

/* One row. Strings owned by the row (bulk_row_clear). */
struct bulk_row {
	size_t line;                 /* 1-based line where the row starts */
	char *user;                  /* NULL when missing or empty */
	char *values[FIELD_COUNT];   /* NULL: leave the field alone */
	char error[256];             /* "" for a well-formed row, else why
	                                (raw: may quote hostile text; sanitise
	                                before showing) */
};

void bulk_row_clear(struct bulk_row *row); /* frees, zeroes; accepts NULL */

struct bulk_reader;

/* A reader of f (not owned; read from its current position). Sniffs the
 * format and, for CSV, reads the header: an unknown or repeated column, or
 * no "user" column, is an error (NULL with err, PF_ERR_VALIDATION, the
 * message starting "line N: "). NULL with err on no memory too. An empty
 * file gives a reader with no rows. */
struct bulk_reader *bulk_reader_new(FILE *f, struct pf_error *err);
enum bulk_format bulk_reader_format(const struct bulk_reader *r);
/* The next row into row (cleared first): 1, 0 at the end, -1 with err on
 * a read error or no memory. A bad row is 1 with row->error set. */
int bulk_reader_next(struct bulk_reader *r, struct bulk_row *row,
                     struct pf_error *err);
void bulk_reader_free(struct bulk_reader *r); /* accepts NULL */

/* A column or JSON key: the field it names (a field's flag or its API
 * key), or -1. "user" is not a field. */
int bulk_field_of(const char *name);

/* ---- a set of 64-bit keys (users seen, rows done): 16 bytes a key */
struct bulk_set {
	uint64_t *slots;
	size_t n, cap;
};
uint64_t bulk_key(const char *s, size_t line); /* case-folded ASCII hash */
/* Add key: 1 added, 0 it was there, -1 out of memory. */
int bulk_set_add(struct bulk_set *s, uint64_t key);
bool bulk_set_has(const struct bulk_set *s, uint64_t key);
void bulk_set_free(struct bulk_set *s);

/* ---- pacing: at most `rate` requests a minute per operation, evenly
 * spaced (no bursts): each request waits until interval_ms after the one
 * before it. rate 0: no pacing. */
struct bulk_pace {
	long long interval_ms;   /* 60000 / rate, 0 = none */
	long long next_ms;       /* the earliest time for the next request */
};
void bulk_pace_init(struct bulk_pace *p, long rate);
/* How long to wait before a request at now_ms (0: go), and take the
 * slot: the next request may go interval_ms after this one. */
long long bulk_pace_take(struct bulk_pace *p, long long now_ms);
/* After the server made us wait (a 429 or another repeat): a quarter
 * slower from now on. */
void bulk_pace_slow(struct bulk_pace *p);
/* The current rate in requests a minute (0 = unpaced). */
long bulk_pace_rate(const struct bulk_pace *p);

/* Parse --rate: 0..BULK_RATE_MAX. 0 or -1 with err (usage). */
int bulk_rate_parse(const char *text, long *out, struct pf_error *err);

/* ---- results: one JSONL line per row */
struct bulk_result {
	size_t line;
	const char *user;        /* as in the file */
	const char *id;          /* the user_ id, NULL when not read */
	bool changed[FIELD_COUNT];
	const char *outcome;     /* "saved", "unchanged", "not saved",
	                            "not known" */
	long status;             /* HTTP status, 0 when none */
	const char *message;     /* "" when none */
};
/* {"line":N,"user":"...","id":"..."|null,"changed":["name",...],
 *  "outcome":"...","status":N,"message":"..."} and a newline, inert on a
 * terminal (text_sanitize: C1 controls, bidi overrides and invalid UTF-8
 * become U+FFFD). Caller frees; NULL out of memory. */
char *bulk_result_line(const struct bulk_result *r);
/* From one line of an earlier results file: whether it says the row is
 * done (saved or unchanged), with its line and user. false for anything
 * else (damaged lines are not done). */
bool bulk_result_done(const char *text, size_t n, size_t *line,
                      char *user, size_t user_len);

#endif
