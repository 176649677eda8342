/* fuzz_money.c - libFuzzer target: the money formatters on any text (the
 * decimal strings of balances); the input is split at its first newline
 * for money_compare. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "money.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One input: every formatter on both halves, checking what money.h
 * promises: a decimal formats as "$..." or "-$...", money_compare is
 * antisymmetric, money_from_double gives plain decimal text. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	char *nl = strchr(s, '\n');
	const char *b = "0";
	if (nl) {
		*nl = '\0';
		b = nl + 1;
	}
	const char *in[] = { s, b };
	for (int i = 0; i < 2; i++) {
		char *usd = money_format_usd(in[i]);
		char *amt = money_format_amount(in[i]);
		if (usd && money_is_decimal(in[i]) && usd[0] != '$' &&
		    strncmp(usd, "-$", 2) != 0)
			__builtin_trap();
		free(usd);
		free(amt);
	}
	int c = money_compare(s, b);
	if ((c > 0) != (money_compare(b, s) < 0))
		__builtin_trap();
	if (size >= sizeof(double)) {
		double d;
		memcpy(&d, data, sizeof(d));
		char *t = money_from_double(d);
		if (t && !money_is_decimal(t))
			__builtin_trap();
		free(t);
	}
	free(s);
	return 0;
}
