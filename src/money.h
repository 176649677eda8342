/* money.h - decimal strings formatted for people, without floating point.
 *
 * Inputs are decimal text as the server sends it ("15234.5", "-0.01650000",
 * "1e3" is NOT accepted). Anything that is not a plain decimal number
 * (optional sign, digits, optional '.' and digits) is "not a number" and the
 * formatters then return the sanitised original text so it is shown, never
 * misread. All results are newly allocated (caller frees; NULL only when out
 * of memory). NULL input gives NULL from the formatters.
 */
#ifndef PROFED_MONEY_H
#define PROFED_MONEY_H

#include <stdbool.h>

/* True when s is a plain decimal number as described above: there must be
 * a digit before the '.', and one after it if it is there (".5", "5." and
 * "." are not numbers); no spaces, exponents, hex, separators or NaN. */
bool money_is_decimal(const char *s);

/* USD: rounded half away from zero to 2 places, thousands separators,
 * "$" after the sign: "15234.5" -> "$15,234.50", "-0.005" -> "-$0.01",
 * "0.004" -> "$0.00", "-0.004" -> "$0.00" (no negative zero). */
char *money_format_usd(const char *decimal);

/* A native amount keeps every digit the server sent, with thousands
 * separators in the integer part: "1234567.01650000" -> "1,234,567.01650000".
 * A leading '+' is dropped, and so is the sign of a zero ("-0.00" -> "0.00");
 * leading zeros of the integer part are dropped too ("007" -> "7"). */
char *money_format_amount(const char *decimal);

/* Compare two decimal strings numerically: <0, 0, >0. Non-numbers sort
 * below every number and compare equal to each other. NULL counts as a
 * non-number. */
int money_compare(const char *a, const char *b);

/* A JSON number (already a double in cJSON) shown as the shortest decimal
 * that round-trips at 15 significant digits, e.g. 97803.03 -> "97803.03";
 * like "%.15g" but always plain decimal text (1e21 and 1e-7 written out in
 * full) so money_is_decimal() accepts it; -0 gives "0"; independent of the
 * locale's decimal point. Non-finite values give NULL. Caller frees. */
char *money_from_double(double v);

#endif
