/* bulk.c - the row reader, sets, pacing and result lines of bulk edits;
 * see bulk.h. */
#include "bulk.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "strbuf.h"
#include "text.h"

struct bulk_reader {
	FILE *f;
	enum bulk_format format;
	size_t line;                  /* lines consumed so far */
	int col_field[BULK_MAX_COLUMNS]; /* CSV: field per column, -2 = user */
	size_t ncols;
	struct strbuf cell[BULK_MAX_COLUMNS];
	struct strbuf rec;            /* JSONL: the line */
};

#define BULK_COL_USER (-2)

void bulk_row_clear(struct bulk_row *row)
{
	if (!row)
		return;
	free(row->user);
	for (size_t i = 0; i < FIELD_COUNT; i++)
		free(row->values[i]);
	memset(row, 0, sizeof *row);
}

int bulk_field_of(const char *name)
{
	for (size_t i = 0; name && i < FIELD_COUNT; i++)
		if (strcmp(edit_fields[i].flag, name) == 0 ||
		    strcmp(edit_fields[i].key, name) == 0)
			return (int)i;
	return -1;
}

/* Set row->error once (the first reason wins). */
__attribute__((format(printf, 2, 3)))
static void bad(struct bulk_row *row, const char *fmt, ...)
{
	va_list ap;
	if (row->error[0])
		return;
	va_start(ap, fmt);
	vsnprintf(row->error, sizeof row->error, fmt, ap);
	va_end(ap);
}

/* A name from the file, short and safe to quote in a message. */
static const char *shown(const char *s, char *buf, size_t n)
{
	char *cut = text_truncate(s, 40); /* sanitises too */
	snprintf(buf, n, "%s", cut ? cut : "?");
	free(cut);
	return buf;
}

/* The text of a cell or value: no NUL, valid UTF-8. */
static bool usable(struct bulk_row *row, const char *what, const char *s,
                   size_t n)
{
	if (memchr(s, '\0', n)) {
		bad(row, "%s contains a NUL byte", what);
		return false;
	}
	if (!text_utf8_valid(s, n)) {
		bad(row, "%s is not valid UTF-8", what);
		return false;
	}
	return true;
}

/* Keep value v for column/key name in row. */
static void take(struct bulk_row *row, int field, const char *name,
                 const char *v, size_t n)
{
	char what[64], nb[64];
	snprintf(what, sizeof what, "%s", field == BULK_COL_USER ? "user"
	         : edit_fields[field].flag);
	if (!usable(row, what, v, n))
		return;
	char **slot = field == BULK_COL_USER ? &row->user : &row->values[field];
	if (*slot) {
		bad(row, "%s is given twice", shown(name, nb, sizeof nb));
		return;
	}
	if (field == BULK_COL_USER && n == 0)
		return;
	if (!(*slot = strndup(v, n)))
		bad(row, "out of memory");
}

/* ---- CSV */

enum csv_end { CSV_FIELD, CSV_RECORD, CSV_EOF };

/* Read one cell into sb (limit: the record's room left). Returns how it
 * ended; *quoted whether it was quoted; problems go to row. */
static enum csv_end csv_cell(struct bulk_reader *r, struct strbuf *sb,
                             bool *quoted, size_t *room,
                             struct bulk_row *row)
{
	int c = getc(r->f);
	*quoted = false;
	if (c == '"') {
		*quoted = true;
		for (;;) {
			c = getc(r->f);
			if (c == EOF) {
				bad(row, "a quoted cell is not closed");
				return CSV_EOF;
			}
			if (c == '"') {
				c = getc(r->f);
				if (c != '"')
					break;
			}
			if (c == '\n')
				r->line++;
			if (*room == 0) {
				bad(row, "the row is longer than %u KiB",
				    BULK_MAX_RECORD / 1024);
			} else {
				(*room)--;
				char ch = (char)c;
				if (strbuf_append(sb, &ch, 1) < 0)
					bad(row, "out of memory");
			}
		}
		/* after the closing quote */
		if (c == ',')
			return CSV_FIELD;
		if (c == '\r')
			c = getc(r->f) == '\n' ? '\n' : 'x';
		if (c == '\n') {
			r->line++;
			return CSV_RECORD;
		}
		if (c == EOF)
			return CSV_EOF;
		bad(row, "text after a closing quote");
	}
	for (;; c = getc(r->f)) {
		if (c == EOF)
			return CSV_EOF;
		if (c == ',' && !row->error[0])
			return CSV_FIELD;
		if (c == '\n') {
			r->line++;
			return CSV_RECORD;
		}
		if (c == '\r') {
			int d = getc(r->f);
			if (d == '\n') {
				r->line++;
				return CSV_RECORD;
			}
			if (d != EOF)
				ungetc(d, r->f);
		}
		if (row->error[0])
			continue; /* skip to the end of the line */
		if (c == '"') {
			bad(row, "a quote inside a cell that is not quoted");
			continue;
		}
		if (*room == 0) {
			bad(row, "the row is longer than %u KiB",
			    BULK_MAX_RECORD / 1024);
			continue;
		}
		(*room)--;
		char ch = (char)c;
		if (strbuf_append(sb, &ch, 1) < 0)
			bad(row, "out of memory");
	}
}

/* One CSV record's cells into r->cell; *n their count. 0 at EOF with no
 * record, 1 otherwise. */
static int csv_record(struct bulk_reader *r, size_t *n, bool *blank,
                      struct bulk_row *row)
{
	size_t room = BULK_MAX_RECORD, k = 0;
	enum csv_end end;
	bool quoted, any_quoted = false;
	int c = getc(r->f);
	if (c == EOF)
		return 0;
	ungetc(c, r->f);
	row->line = r->line + 1;
	do {
		struct strbuf scratch = {0};
		struct strbuf *sb = k < BULK_MAX_COLUMNS ? &r->cell[k] : &scratch;
		strbuf_reset(sb);
		end = csv_cell(r, sb, &quoted, &room, row);
		strbuf_free(&scratch);
		any_quoted |= quoted;
		k++;
	} while (end == CSV_FIELD);
	*n = k;
	*blank = k == 1 && !any_quoted && r->cell[0].len == 0 && !row->error[0];
	return 1;
}

static int csv_header(struct bulk_reader *r, struct pf_error *err)
{
	struct bulk_row row = {0};
	size_t n = 0;
	bool blank = true;
	char nb[64];
	while (blank) {
		if (!csv_record(r, &n, &blank, &row))
			return 0; /* an empty file: no rows */
	}
	if (!row.error[0] && n > BULK_MAX_COLUMNS)
		bad(&row, "more than %d columns", BULK_MAX_COLUMNS);
	bool have_user = false;
	for (size_t i = 0; !row.error[0] && i < n; i++) {
		const char *name = strbuf_str(&r->cell[i]);
		if (!usable(&row, "the header", name, r->cell[i].len))
			break;
		int f = strcmp(name, "user") == 0 ? BULK_COL_USER : bulk_field_of(name);
		if (f == -1) {
			bad(&row, "unknown field '%s' (known: user, name, bio, "
			    "username, picture)", shown(name, nb, sizeof nb));
			break;
		}
		for (size_t j = 0; j < i; j++)
			if (r->col_field[j] == f)
				bad(&row, "column '%s' is given twice",
				    shown(name, nb, sizeof nb));
		r->col_field[i] = f;
		have_user |= f == BULK_COL_USER;
	}
	if (!row.error[0] && !have_user)
		bad(&row, "the header has no 'user' column");
	r->ncols = n;
	if (row.error[0])
		return pf_error_set(err, PF_ERR_VALIDATION, "line %zu: %s",
		                    row.line, row.error);
	return 0;
}

static void csv_row(struct bulk_reader *r, size_t n, struct bulk_row *row)
{
	if (row->error[0])
		return;
	if (n != r->ncols) {
		bad(row, "%zu cells, the header has %zu", n, r->ncols);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct strbuf *sb = &r->cell[i];
		int f = r->col_field[i];
		if (sb->len == 0 && f != BULK_COL_USER)
			continue; /* empty: leave the field alone */
		take(row, f, f == BULK_COL_USER ? "user" : edit_fields[f].flag,
		     strbuf_str(sb), sb->len);
	}
}

/* ---- JSONL */

/* The next line into r->rec (without the newline); false at EOF. A line
 * over the limit is read to its end, not kept, and reported. */
static bool jsonl_line(struct bulk_reader *r, struct bulk_row *row)
{
	int c;
	bool any = false;
	strbuf_reset(&r->rec);
	row->line = r->line + 1;
	while ((c = getc(r->f)) != EOF) {
		any = true;
		if (c == '\n')
			break;
		if (r->rec.len >= BULK_MAX_RECORD) {
			bad(row, "the row is longer than %u KiB",
			    BULK_MAX_RECORD / 1024);
			continue;
		}
		char ch = (char)c;
		if (strbuf_append(&r->rec, &ch, 1) < 0)
			bad(row, "out of memory");
	}
	if (any)
		r->line++;
	return any;
}

static void jsonl_row(struct bulk_reader *r, struct bulk_row *row)
{
	char nb[64];
	const char *text = strbuf_str(&r->rec);
	size_t n = r->rec.len;
	if (row->error[0] || !usable(row, "the line", text, n))
		return;
	cJSON *o = cJSON_ParseWithLength(text, n);
	if (!o || !cJSON_IsObject(o)) {
		bad(row, o ? "not a JSON object" : "not valid JSON");
		cJSON_Delete(o);
		return;
	}
	for (cJSON *it = o->child; it && !row->error[0]; it = it->next) {
		const char *key = it->string ? it->string : "";
		int f = strcmp(key, "user") == 0 ? BULK_COL_USER : bulk_field_of(key);
		if (f == -1) {
			bad(row, "unknown field '%s' (known: user, name, bio, "
			    "username, picture)", shown(key, nb, sizeof nb));
			break;
		}
		if (cJSON_IsNull(it))
			continue; /* leave the field alone */
		if (!cJSON_IsString(it)) {
			bad(row, "%s must be a string", f == BULK_COL_USER ? "user"
			    : edit_fields[f].flag);
			break;
		}
		take(row, f, key, it->valuestring, strlen(it->valuestring));
	}
	cJSON_Delete(o);
}

/* ---- the reader */

struct bulk_reader *bulk_reader_new(FILE *f, struct pf_error *err)
{
	struct bulk_reader *r;
	int c;
	if (!f) {
		pf_error_set(err, PF_ERR_USAGE, "no file to read");
		return NULL;
	}
	if (!(r = calloc(1, sizeof *r))) {
		pf_error_set(err, PF_ERR_NOMEM, "out of memory");
		return NULL;
	}
	r->f = f;
	for (size_t i = 0; i < BULK_MAX_COLUMNS; i++)
		r->cell[i].limit = BULK_MAX_RECORD + 1;
	r->rec.limit = BULK_MAX_RECORD + 1;
	/* a byte order mark, then the first byte that is not white space */
	if ((c = getc(f)) == 0xef) {
		int b = getc(f), d = b == 0xbb ? getc(f) : EOF;
		if (b != 0xbb || d != 0xbf) {
			pf_error_set(err, PF_ERR_VALIDATION, "line 1: the file does "
			             "not start with UTF-8 text");
			bulk_reader_free(r);
			return NULL;
		}
		c = getc(f);
	}
	while (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
		if (c == '\n')
			r->line++;
		c = getc(f);
	}
	if (c == EOF)
		return r; /* empty */
	ungetc(c, f);
	r->format = c == '{' ? BULK_JSONL : BULK_CSV;
	if (r->format == BULK_CSV && csv_header(r, err) < 0) {
		bulk_reader_free(r);
		return NULL;
	}
	return r;
}

enum bulk_format bulk_reader_format(const struct bulk_reader *r)
{
	return r ? r->format : BULK_JSONL;
}

int bulk_reader_next(struct bulk_reader *r, struct bulk_row *row,
                     struct pf_error *err)
{
	if (!r || !row)
		return pf_error_set(err, PF_ERR_USAGE, "no reader or row");
	for (;;) {
		bulk_row_clear(row);
		if (r->format == BULK_JSONL) {
			if (!jsonl_line(r, row))
				break;
			const char *t = strbuf_str(&r->rec);
			if (!row->error[0] && t[strspn(t, " \t\r")] == '\0')
				continue; /* blank */
			jsonl_row(r, row);
		} else {
			size_t n = 0;
			bool blank = false;
			if (!csv_record(r, &n, &blank, row))
				break;
			if (blank)
				continue;
			csv_row(r, n, row);
		}
		if (!row->error[0] && !row->user)
			bad(row, "no user");
		return 1;
	}
	if (ferror(r->f))
		return pf_error_set(err, PF_ERR_IO, "the file could not be read: %s",
		                    strerror(errno));
	return 0;
}

void bulk_reader_free(struct bulk_reader *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < BULK_MAX_COLUMNS; i++)
		strbuf_free(&r->cell[i]);
	strbuf_free(&r->rec);
	free(r);
}

/* ---- sets */

uint64_t bulk_key(const char *s, size_t line)
{
	uint64_t h = 1469598103934665603ull ^ (uint64_t)line;
	for (; s && *s; s++) {
		h ^= (uint64_t)(unsigned char)tolower((unsigned char)*s);
		h *= 1099511628211ull;
	}
	h ^= h >> 31;
	return h ? h : 1; /* 0 marks an empty slot */
}

static int set_grow(struct bulk_set *s)
{
	size_t cap = s->cap ? s->cap * 2 : 64;
	uint64_t *slots = calloc(cap, sizeof *slots);
	if (!slots)
		return -1;
	for (size_t i = 0; i < s->cap; i++) {
		if (!s->slots[i])
			continue;
		size_t j = (size_t)(s->slots[i] % cap);
		while (slots[j])
			j = (j + 1) % cap;
		slots[j] = s->slots[i];
	}
	free(s->slots);
	s->slots = slots;
	s->cap = cap;
	return 0;
}

int bulk_set_add(struct bulk_set *s, uint64_t key)
{
	if (!s)
		return -1;
	key = key ? key : 1;
	if (bulk_set_has(s, key))
		return 0;
	if ((s->n + 1) * 2 > s->cap && set_grow(s) < 0)
		return -1;
	size_t j = (size_t)(key % s->cap);
	while (s->slots[j])
		j = (j + 1) % s->cap;
	s->slots[j] = key;
	s->n++;
	return 1;
}

bool bulk_set_has(const struct bulk_set *s, uint64_t key)
{
	if (!s || !s->cap)
		return false;
	key = key ? key : 1;
	for (size_t j = (size_t)(key % s->cap); s->slots[j];
	     j = (j + 1) % s->cap)
		if (s->slots[j] == key)
			return true;
	return false;
}

void bulk_set_free(struct bulk_set *s)
{
	if (!s)
		return;
	free(s->slots);
	memset(s, 0, sizeof *s);
}

/* ---- pacing */

void bulk_pace_init(struct bulk_pace *p, long rate)
{
	if (!p)
		return;
	p->interval_ms = rate > 0 ? (60000 + rate - 1) / rate : 0;
	p->next_ms = 0;
}

long long bulk_pace_take(struct bulk_pace *p, long long now_ms)
{
	if (!p || p->interval_ms <= 0)
		return 0;
	long long at = p->next_ms > now_ms ? p->next_ms : now_ms;
	p->next_ms = at + p->interval_ms;
	return at - now_ms;
}

void bulk_pace_slow(struct bulk_pace *p)
{
	if (!p)
		return;
	if (p->interval_ms <= 0)
		p->interval_ms = 100; /* unpaced: at most the API's limit now */
	else
		p->interval_ms += p->interval_ms / 3; /* 3/4 of the rate */
}

long bulk_pace_rate(const struct bulk_pace *p)
{
	return p && p->interval_ms > 0 ? (long)(60000 / p->interval_ms) : 0;
}

int bulk_rate_parse(const char *text, long *out, struct pf_error *err)
{
	char *end;
	long v;
	errno = 0;
	v = text && *text ? strtol(text, &end, 10) : -1;
	if (!text || !*text || *end || errno || v < 0 || v > BULK_RATE_MAX)
		return pf_error_set(err, PF_ERR_USAGE, "--rate takes requests a "
		                    "minute from 1 to %d (0: no pacing, only for "
		                    "an API on loopback)", BULK_RATE_MAX);
	*out = v;
	return 0;
}

/* ---- results */

char *bulk_result_line(const struct bulk_result *r)
{
	cJSON *o = cJSON_CreateObject(), *ch;
	char *text = NULL;
	if (!o || !r)
		goto out;
	if (!cJSON_AddNumberToObject(o, "line", (double)r->line) ||
	    !cJSON_AddStringToObject(o, "user", r->user ? r->user : "") ||
	    !(r->id ? cJSON_AddStringToObject(o, "id", r->id)
	            : cJSON_AddNullToObject(o, "id")) ||
	    !(ch = cJSON_AddArrayToObject(o, "changed")))
		goto out;
	for (size_t f = 0; f < FIELD_COUNT; f++)
		if (r->changed[f] &&
		    !cJSON_AddItemToArray(ch, cJSON_CreateString(edit_fields[f].flag)))
			goto out;
	if (!cJSON_AddStringToObject(o, "outcome", r->outcome ? r->outcome : "") ||
	    !cJSON_AddNumberToObject(o, "status", (double)r->status) ||
	    !cJSON_AddStringToObject(o, "message", r->message ? r->message : ""))
		goto out;
	char *json = cJSON_PrintUnformatted(o);
	/* cJSON escapes C0 controls only: C1 controls, bidi overrides and
	 * invalid UTF-8 from the file or the server become U+FFFD, so the
	 * line is inert on a terminal and still JSON */
	char *clean = json ? text_sanitize(json, 0) : NULL;
	cJSON_free(json);
	if (clean) {
		size_t n = strlen(clean);
		text = realloc(clean, n + 2);
		if (!text) {
			free(clean);
		} else {
			text[n] = '\n';
			text[n + 1] = '\0';
		}
	}
out:
	cJSON_Delete(o);
	return text;
}

bool bulk_result_done(const char *text, size_t n, size_t *line, char *user,
                      size_t user_len)
{
	if (!text || memchr(text, '\0', n))
		return false;
	cJSON *o = cJSON_ParseWithLength(text, n);
	const cJSON *l = cJSON_GetObjectItemCaseSensitive(o, "line");
	const cJSON *u = cJSON_GetObjectItemCaseSensitive(o, "user");
	const cJSON *oc = cJSON_GetObjectItemCaseSensitive(o, "outcome");
	bool done = cJSON_IsNumber(l) && l->valuedouble >= 1 &&
	            cJSON_IsString(u) && cJSON_IsString(oc) &&
	            (strcmp(oc->valuestring, "saved") == 0 ||
	             strcmp(oc->valuestring, "unchanged") == 0);
	if (done) {
		if (line)
			*line = (size_t)l->valuedouble;
		if (user && user_len)
			snprintf(user, user_len, "%s", u->valuestring);
	}
	cJSON_Delete(o);
	return done;
}
