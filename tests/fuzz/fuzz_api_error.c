/* fuzz_api_error.c - libFuzzer target: api_error_from_response on any
 * body (the first two bytes choose the status and Retry-After), then the
 * sentence a person would read. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "api.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One input: status 100..599 and a wait from the first bytes, the rest
 * is the body. The sentence must stay free of control characters. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	long status = 100 + (data[0] * 256 + data[1]) % 500;
	int retry_after = data[0] & 1 ? data[1] : -1;
	struct pf_error err;
	api_error_from_response(status, (const char *)data + 2, size - 2,
	                        retry_after, "load user me", &err);
	char s[1024];
	pf_error_sentence(&err, s, sizeof(s));
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			__builtin_trap();
	return 0;
}
