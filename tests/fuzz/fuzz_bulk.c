/* fuzz_bulk.c - libFuzzer target: the bulk-edit row reader (bulk.h) on any
 * bytes, as JSONL or CSV (the first byte decides, as in a real file), and
 * the results-file reader of --resume. Invariants: every row is either
 * bad (a reason) or has a user; every value kept is valid UTF-8 without a
 * NUL and at most BULK_MAX_RECORD bytes; line numbers never go back. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bulk.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_value(const char *v)
{
	if (!v)
		return;
	size_t n = strlen(v);
	if (n > BULK_MAX_RECORD || !text_utf8_valid(v, n))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pf_error err;
	FILE *f = size ? fmemopen((void *)data, size, "r") : NULL;
	if (!f)
		return 0;
	struct bulk_reader *r = bulk_reader_new(f, &err);
	struct bulk_row row = { 0 };
	size_t last = 0;
	while (r && bulk_reader_next(r, &row, &err) == 1) {
		if (row.line < last || (!row.error[0] && !row.user))
			abort();
		last = row.line;
		check_value(row.user);
		for (size_t i = 0; i < FIELD_COUNT; i++)
			check_value(row.values[i]);
	}
	bulk_row_clear(&row);
	bulk_reader_free(r);
	fclose(f);
	size_t line;
	char user[64];
	bulk_result_done((const char *)data, size, &line, user, sizeof user);
	return 0;
}
