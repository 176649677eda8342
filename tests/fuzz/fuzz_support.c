/* fuzz_support.c - libFuzzer target: the support answers (members.h:
 * users, members, member logs, access), the recent-people file
 * (recent.h) and audit trail lines (audit.h) on any bytes, then every
 * output of listfmt.h on what came out. The first byte picks the parser.
 * Invariants: the printed text is valid UTF-8 without ESC or C1 controls
 * (server text never drives the terminal), the CSV quotes balance. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "listfmt.h"
#include "members.h"
#include "recent.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort unless text is inert: valid UTF-8, no ESC, no C1 (U+0080..9F). */
static void fuzz_inert(const char *text)
{
	if (!text)
		return;
	size_t n = strlen(text);
	if (!text_utf8_valid(text, n) || memchr(text, '\033', n) ||
	    strstr(text, "\xc2\x9b"))
		abort();
}

/* Print rows every way and check them. */
static void fuzz_rows(const struct members_rows *r, size_t width)
{
	const char *const *cells = (const char *const *)r->cells;
	char *t = listfmt_table(r->titles, r->ncols, cells, r->nrows, width);
	fuzz_inert(t);
	if (t && width) /* every line within width */
		for (char *line = t, *nl; *line; line = nl + 1) {
			nl = strchr(line, '\n');
			*nl = '\0';
			if (text_width(line) > width)
				abort();
			*nl = '\n';
		}
	free(t);
	t = listfmt_csv(r->titles, r->ncols, cells, r->nrows);
	fuzz_inert(t);
	size_t quotes = 0;
	for (const char *p = t; p && *p; p++)
		quotes += *p == '"';
	if (quotes % 2)
		abort();
	free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	const char *text = (const char *)data + 1;
	size_t n = size - 1, width = data[0] >> 3;
	struct pf_error err;
	struct members_rows rows;
	switch (data[0] % 6) {
	case 0: {
		struct user_page p;
		if (members_parse_users(text, n, &p, &err) == 0) {
			if (members_rows_users(p.items, p.n, &rows) == 0)
				fuzz_rows(&rows, width);
			members_rows_free(&rows);
			char *j = listfmt_json_array((const char *const *)p.json, p.n);
			fuzz_inert(j);
			free(j);
			j = listfmt_jsonl((const char *const *)p.json, p.n);
			fuzz_inert(j);
			free(j);
			members_page_more(&p.info);
		}
		members_user_page_free(&p);
		break;
	}
	case 1: {
		struct member_page p;
		if (members_parse_members(text, n, &p, &err) == 0) {
			if (members_rows_members(p.items, p.n, width & 1, &rows) == 0)
				fuzz_rows(&rows, width);
			members_rows_free(&rows);
		}
		members_member_page_free(&p);
		break;
	}
	case 2: {
		struct log_page p;
		if (members_parse_logs(text, n, &p, &err) == 0) {
			if (members_rows_logs(p.items, p.n, &rows) == 0)
				fuzz_rows(&rows, width);
			members_rows_free(&rows);
		}
		members_log_page_free(&p);
		break;
	}
	case 3: {
		struct access_answer a;
		members_parse_access(text, n, &a, &err);
		members_access_free(&a);
		char *copy = strndup(text, n);
		members_resource_ok(copy);
		free(copy);
		break;
	}
	case 4: {
		struct recent r = { 0 };
		if (recent_parse(text, n, &r, &err) == 0) {
			recent_add(&r, "user_fuzz", "fuzz", NULL, 1, &err);
			recent_is_self(&r, "fuzz");
			if (r.n > RECENT_MAX)
				abort();
		}
		recent_clear(&r);
		break;
	}
	default: {
		struct audit_log log = { 0 };
		log.filter.user = width & 1 ? "grace-hopper" : NULL;
		if (audit_log_parse(&log, text, n) == 0 && audit_log_finish(&log) == 0) {
			char *t = audit_log_table(&log, width);
			fuzz_inert(t);
			free(t);
			t = audit_log_json(&log);
			fuzz_inert(t);
			free(t);
		}
		audit_log_free(&log);
		break;
	}
	}
	return 0;
}
