/* fuzz_draft.c - libFuzzer target: the draft parser on any bytes (a draft
 * file is local, but it may be damaged or planted), then restoring it. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "draft.h"
#include "user.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One input: parse, compare with a profile, restore into an edit. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pf_error err;
	struct draft *d = draft_parse((const char *)data, size, &err);
	if (d) {
		struct user u = { .id = "user_1", .username = "ada", .name = "Ada" };
		struct edit e = { 0 };
		enum field_id out[FIELD_COUNT];
		if (edit_load(&e, &u, &err) == 0) {
			draft_server_changes(d, &e, out);
			draft_apply(d, &e, &err);
			free(edit_patch_body(&e, &err));
		}
		edit_free(&e);
	}
	draft_free(d);
	return 0;
}
