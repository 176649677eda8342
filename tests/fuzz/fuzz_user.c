/* fuzz_user.c - libFuzzer target: user_parse on any bytes (the answer of
 * GET/PATCH /users/{id}), then everything that reads the parsed user. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "user.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One input: parse, sort the balances, copy, free. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pf_error err;
	struct user *u = user_parse((const char *)data, size, &err);
	if (u) {
		free((void *)user_balances_sorted(u));
		user_free(user_dup(u));
	}
	user_free(u);
	return 0;
}
