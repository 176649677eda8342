/* money.c - decimal strings formatted for people, without floating point.
 * See money.h for the contracts.
 *
 * Amounts arrive as decimal text and are only ever handled as digit
 * strings: rounding is done digit by digit with carry propagation, so any
 * length (a 400-digit balance, 18 decimals of a token) is exact.
 */
#include "money.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "text.h"

/* A parsed plain decimal: pointers into the caller's string. */
struct money_num {
	bool negative;
	const char *int_digits; /* leading zeros skipped; at least one digit */
	size_t int_len;
	const char *frac_digits; /* exactly as sent, trailing zeros kept */
	size_t frac_len;
};

/* Parse s as [+-]digits[.digits] and nothing else (no spaces, exponents,
 * hex, "inf"/"nan", empty parts). Returns false for anything else, and
 * for NULL. */
static bool money_parse(const char *s, struct money_num *num)
{
	const char *p = s;

	if (!s)
		return false;
	num->negative = *p == '-';
	if (*p == '-' || *p == '+')
		p++;
	num->int_digits = p;
	while (*p >= '0' && *p <= '9')
		p++;
	num->int_len = (size_t)(p - num->int_digits);
	if (num->int_len == 0)
		return false;
	num->frac_digits = p;
	num->frac_len = 0;
	if (*p == '.') {
		num->frac_digits = ++p;
		while (*p >= '0' && *p <= '9')
			p++;
		num->frac_len = (size_t)(p - num->frac_digits);
		if (num->frac_len == 0)
			return false;
	}
	if (*p != '\0')
		return false;
	/* "007" is 7: leading zeros would only confuse the separators */
	while (num->int_len > 1 && num->int_digits[0] == '0') {
		num->int_digits++;
		num->int_len--;
	}
	return true;
}

/* True when every digit of num is 0 (so its sign must not be shown). */
static bool money_is_zero(const struct money_num *num)
{
	if (num->int_len != 1 || num->int_digits[0] != '0')
		return false;
	for (size_t i = 0; i < num->frac_len; i++)
		if (num->frac_digits[i] != '0')
			return false;
	return true;
}

/* Append n digits with a ',' before every group of three from the right.
 * Returns 0, or -1 when out of memory. */
static int money_append_grouped(struct strbuf *sb, const char *digits,
				 size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0 && strbuf_append(sb, ",", 1) != 0)
			return -1;
		if (strbuf_append(sb, digits + i, 1) != 0)
			return -1;
	}
	return 0;
}

/* Plain decimal test; see money.h. */
bool money_is_decimal(const char *s)
{
	struct money_num num;

	return money_parse(s, &num);
}

/* USD with two decimals, rounded half away from zero; see money.h.
 * Caller frees; NULL for NULL input or when out of memory. */
char *money_format_usd(const char *decimal)
{
	struct strbuf sb = { 0 };
	struct money_num num;
	char *digits;
	size_t total;
	size_t start;
	bool zero = true;

	if (!decimal)
		return NULL;
	if (!money_parse(decimal, &num))
		return text_sanitize(decimal, 0);
	/* digits = one spare slot for a carry, the integer part, the cents */
	total = 1 + num.int_len + 2;
	digits = malloc(total);
	if (!digits)
		return NULL;
	digits[0] = '0';
	memcpy(digits + 1, num.int_digits, num.int_len);
	for (size_t i = 0; i < 2; i++)
		digits[1 + num.int_len + i] =
			i < num.frac_len ? num.frac_digits[i] : '0';
	/* Half away from zero works on the magnitude: the third decimal
	 * alone decides, since 5 followed by anything is at least half. */
	if (num.frac_len > 2 && num.frac_digits[2] >= '5') {
		size_t i = total;

		while (i-- > 0) {
			if (digits[i] != '9') {
				digits[i]++;
				break;
			}
			digits[i] = '0';
		}
	}
	for (size_t i = 0; i < total; i++)
		if (digits[i] != '0')
			zero = false;
	start = digits[0] == '0' ? 1 : 0; /* the carry slot, unless used */
	if ((num.negative && !zero && strbuf_append(&sb, "-", 1) != 0) ||
	    strbuf_append(&sb, "$", 1) != 0 ||
	    money_append_grouped(&sb, digits + start, total - 2 - start) != 0 ||
	    strbuf_append(&sb, ".", 1) != 0 ||
	    strbuf_append(&sb, digits + total - 2, 2) != 0) {
		free(digits);
		strbuf_free(&sb);
		return NULL;
	}
	free(digits);
	return strbuf_take(&sb);
}

/* A native amount with every digit kept; see money.h. Caller frees; NULL
 * for NULL input or when out of memory. */
char *money_format_amount(const char *decimal)
{
	struct strbuf sb = { 0 };
	struct money_num num;

	if (!decimal)
		return NULL;
	if (!money_parse(decimal, &num))
		return text_sanitize(decimal, 0);
	if ((num.negative && !money_is_zero(&num) &&
	     strbuf_append(&sb, "-", 1) != 0) ||
	    money_append_grouped(&sb, num.int_digits, num.int_len) != 0 ||
	    (num.frac_len > 0 &&
	     (strbuf_append(&sb, ".", 1) != 0 ||
	      strbuf_append(&sb, num.frac_digits, num.frac_len) != 0))) {
		strbuf_free(&sb);
		return NULL;
	}
	return strbuf_take(&sb);
}

/* Compare the absolute values of two parsed numbers: <0, 0, >0. The
 * integer parts have no leading zeros, so the longer one is larger. */
static int money_compare_magnitude(const struct money_num *a,
				   const struct money_num *b)
{
	size_t n = a->frac_len > b->frac_len ? a->frac_len : b->frac_len;
	int c;

	if (a->int_len != b->int_len)
		return a->int_len < b->int_len ? -1 : 1;
	c = memcmp(a->int_digits, b->int_digits, a->int_len);
	if (c != 0)
		return c < 0 ? -1 : 1;
	for (size_t i = 0; i < n; i++) {
		char da = i < a->frac_len ? a->frac_digits[i] : '0';
		char db = i < b->frac_len ? b->frac_digits[i] : '0';

		if (da != db)
			return da < db ? -1 : 1;
	}
	return 0;
}

/* Numeric comparison of decimal strings; see money.h. Zero has no sign,
 * so "-0" equals "0.00". */
int money_compare(const char *a, const char *b)
{
	struct money_num na;
	struct money_num nb;
	bool a_ok = money_parse(a, &na);
	bool b_ok = money_parse(b, &nb);
	int sa;
	int sb;

	if (!a_ok || !b_ok)
		return (int)a_ok - (int)b_ok;
	sa = money_is_zero(&na) ? 0 : na.negative ? -1 : 1;
	sb = money_is_zero(&nb) ? 0 : nb.negative ? -1 : 1;
	if (sa != sb)
		return sa < sb ? -1 : 1;
	if (sa == 0)
		return 0;
	return sa * money_compare_magnitude(&na, &nb);
}

/* A double as plain decimal text at 15 significant digits, like "%.15g"
 * but never with an exponent (1e21 and 1e-7 are written out in full, so
 * the result is again a plain decimal for the formatters). Negative zero
 * gives "0". Caller frees; NULL for NaN/Inf or when out of memory. */
char *money_from_double(double v)
{
	struct strbuf sb = { 0 };
	char sci[64];
	char digits[16];
	size_t nd = 0;
	const char *p = sci;
	long exp;
	bool failed = false;

	if (!isfinite(v))
		return NULL;
	/* "%.14e" is d.dddddddddddddde±x: 15 significant digits. The decimal
	 * point is the locale's, so any non-digit before 'e' is skipped. */
	snprintf(sci, sizeof sci, "%.14e", fabs(v));
	for (; *p && *p != 'e' && nd < sizeof digits - 1; p++)
		if (*p >= '0' && *p <= '9')
			digits[nd++] = *p;
	p = strchr(p, 'e');
	if (!p || nd == 0)
		return NULL; /* cannot happen with a conforming printf */
	exp = strtol(p + 1, NULL, 10);
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	if (nd == 1 && digits[0] == '0')
		return strdup("0");
	if (v < 0)
		failed |= strbuf_append(&sb, "-", 1) != 0;
	if (exp < 0) {
		failed |= strbuf_append(&sb, "0.", 2) != 0;
		for (long i = -1; i > exp; i--)
			failed |= strbuf_append(&sb, "0", 1) != 0;
		failed |= strbuf_append(&sb, digits, nd) != 0;
	} else {
		size_t int_len = (size_t)exp + 1;

		for (size_t i = 0; i < int_len; i++)
			failed |= strbuf_append(&sb, i < nd ? digits + i : "0",
						1) != 0;
		if (nd > int_len) {
			failed |= strbuf_append(&sb, ".", 1) != 0;
			failed |= strbuf_append(&sb, digits + int_len,
						nd - int_len) != 0;
		}
	}
	if (failed) {
		strbuf_free(&sb);
		return NULL;
	}
	return strbuf_take(&sb);
}
