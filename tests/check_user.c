/* check_user.c - tests for src/user.c: NULL, empty and hostile input
 * first, then every fixture shape, then the helpers. */
#include <check.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "testutil.h"
#include "user.h"

/* Parse a NUL-terminated string; err is checked by the caller. */
static struct user *parse_str(const char *s, struct pf_error *err)
{
	return user_parse(s, strlen(s), err);
}

/* Parse s and insist it succeeds. Caller frees. */
static struct user *parse_ok(const char *s)
{
	struct pf_error err;
	struct user *u = parse_str(s, &err);
	ck_assert_msg(u != NULL, "parse failed: %s", err.message);
	ck_assert_int_eq(err.kind, PF_OK);
	return u;
}

/* Parse s and insist it fails with PF_ERR_PARSE. */
static void parse_fails(const char *s, size_t n)
{
	struct pf_error err;
	struct user *u = user_parse(s, n, &err);
	ck_assert_ptr_null(u);
	ck_assert_int_eq(err.kind, PF_ERR_PARSE);
	ck_assert(err.message[0] != '\0');
}

/* Read a fixture. Caller frees. */
static char *fixture(const char *name, size_t *len)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", TEST_FIXTURES_DIR, name);
	char *s = tu_read_file(path, len);
	ck_assert_msg(s != NULL, "cannot read %s", path);
	return s;
}

/* Parse a fixture and insist it succeeds; raw_json must be the bytes. */
static struct user *parse_fixture(const char *name)
{
	size_t len = 0;
	char *s = fixture(name, &len);
	struct pf_error err;
	struct user *u = user_parse(s, len, &err);
	ck_assert_msg(u != NULL, "%s: %s", name, err.message);
	ck_assert_ptr_nonnull(u->raw_json);
	ck_assert_int_eq(memcmp(u->raw_json, s, len), 0);
	ck_assert_int_eq(u->raw_json[len], '\0');
	free(s);
	return u;
}

/* ---- NULL, empty, not JSON ---- */

START_TEST(test_null_and_empty)
{
	struct pf_error err;
	ck_assert_ptr_null(user_parse(NULL, 0, &err));
	ck_assert_int_eq(err.kind, PF_ERR_PARSE);
	ck_assert_ptr_null(user_parse(NULL, 10, &err));
	ck_assert_int_eq(err.kind, PF_ERR_PARSE);
	ck_assert_ptr_null(user_parse("{}", 0, &err));
	ck_assert_int_eq(err.kind, PF_ERR_PARSE);
	ck_assert_ptr_null(user_parse("{\"id\":\"u\"}", 5, NULL)); /* no err */
	parse_fails("", 0);
	parse_fails("   \n", 4);
	parse_fails("{}", 2);
	ck_assert_ptr_null(user_from_cjson(NULL, &err));
	ck_assert_int_eq(err.kind, PF_ERR_PARSE);
	user_free(NULL);
	ck_assert_ptr_null(user_dup(NULL));
	ck_assert_ptr_null(user_balances_sorted(NULL));
	const struct balance **none = balances_sorted(NULL, 3); /* n ignored */
	ck_assert_ptr_nonnull(none);
	free((void *)none);
}
END_TEST

START_TEST(test_not_an_object)
{
	const char *bad[] = {
		"[]", "[{\"id\":\"user_1\"}]", "\"user_1\"", "42", "null",
		"true", "false", "nul", "{", "{\"id\":", "{\"id\":\"user_1\"",
		"{\"id\":\"user_1\",}", "<html>502 Bad Gateway</html>",
		"{\"id\":\"user_1\"} trailing", "{\"id\":\"user_1\"}{}",
		"{'id':'user_1'}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		parse_fails(bad[i], strlen(bad[i]));
	/* trailing whitespace is fine, and so is a UTF-8 byte order mark */
	struct user *u = parse_ok("{\"id\":\"user_1\"} \r\n\t");
	ck_assert_str_eq(u->id, "user_1");
	user_free(u);
	u = parse_ok("\xef\xbb\xbf{\"id\":\"user_1\"}");
	ck_assert_str_eq(u->id, "user_1");
	user_free(u);
}
END_TEST

START_TEST(test_truncated_fixture)
{
	size_t len = 0;
	char *s = fixture("user-me.json", &len);
	/* every prefix that cuts the object short fails cleanly */
	for (size_t n = 1; n + 2 < len; n += 7)
		parse_fails(s, n);
	/* length shorter than the NUL: the parser must not read past n */
	parse_fails(s, len / 2);
	free(s);
}
END_TEST

START_TEST(test_id_required)
{
	const char *bad[] = {
		"{}", "{\"id\":null}", "{\"id\":42}", "{\"id\":\"\"}",
		"{\"id\":[\"user_1\"]}", "{\"id\":{\"id\":\"user_1\"}}",
		"{\"id\":true}", "{\"username\":\"ada\",\"name\":\"Ada\"}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		parse_fails(bad[i], strlen(bad[i]));
}
END_TEST

/* One body with every field of a wrong type w. */
static void wrong_types(const char *w)
{
	char buf[2048];
	snprintf(buf, sizeof(buf),
	         "{\"id\":\"user_1\",\"username\":%s,\"name\":%s,\"bio\":%s,"
	         "\"created_at\":%s,\"profile_picture\":%s,\"total_usd\":%s,"
	         "\"balances\":%s,\"verification\":%s,\"balance\":%s}",
	         w, w, w, w, w, w, w, w, w);
	struct user *u = parse_ok(buf);
	ck_assert_str_eq(u->id, "user_1");
	ck_assert_ptr_null(u->username);
	ck_assert_ptr_null(u->name);
	ck_assert_ptr_null(u->bio);
	ck_assert_ptr_null(u->created_at);
	ck_assert_ptr_null(u->picture_url);
	ck_assert_int_eq(u->n_balances, 0);
	ck_assert_ptr_null(u->balances);
	ck_assert_int_eq(u->kyc, VERIF_ABSENT);
	ck_assert_int_eq(u->kyb, VERIF_ABSENT);
	ck_assert_int_eq(u->summary.n_totals, 0);
	ck_assert_int_eq(u->summary.n_cash, 0);
	user_free(u);
}

START_TEST(test_wrong_types)
{
	const char *ws[] = { "[1,2]", "[]", "7", "-1.5e3", "true", "false",
	                     "null" };
	for (size_t i = 0; i < sizeof(ws) / sizeof(ws[0]); i++)
		wrong_types(ws[i]);
	/* objects: strings absent, but verification {} and balance {} are
	 * objects of the right type with nothing inside */
	struct user *u = parse_ok(
		"{\"id\":\"user_1\",\"username\":{},\"name\":{\"a\":1},"
		"\"bio\":{},\"profile_picture\":{\"url\":5},"
		"\"balances\":{\"0\":{}},\"verification\":{},\"balance\":{}}");
	ck_assert_ptr_null(u->username);
	ck_assert_ptr_null(u->name);
	ck_assert_ptr_null(u->bio);
	ck_assert_ptr_null(u->picture_url);
	ck_assert(!u->has_balances);
	ck_assert_int_eq(u->kyc, VERIF_ABSENT);
	ck_assert_int_eq(u->kyb, VERIF_ABSENT);
	ck_assert(u->summary.present);
	ck_assert_int_eq(u->summary.n_totals, 0);
	user_free(u);
}
END_TEST

START_TEST(test_money_numbers)
{
	/* a number where money text is expected is converted, not dropped */
	struct user *u = parse_ok(
		"{\"id\":\"user_1\",\"total_usd\":12.5,\"balances\":[{"
		"\"symbol\":\"X\",\"balance\":3,\"value_usd\":97803.03,"
		"\"price_usd\":\"1.25\",\"breakdown\":{\"available\":1,"
		"\"pending\":\"0.5\",\"in_transit\":\"2\",\"weird\":[1],"
		"\"nested\":{\"a\":\"1\"},\"flag\":true,\"none\":null}}]}");
	ck_assert_str_eq(u->total_usd, "12.5");
	ck_assert(u->has_balances);
	ck_assert_int_eq(u->n_balances, 1);
	struct balance *b = &u->balances[0];
	ck_assert_str_eq(b->symbol, "X");
	ck_assert_str_eq(b->amount, "3");
	ck_assert_str_eq(b->value_usd, "97803.03");
	ck_assert_str_eq(b->price_usd, "1.25");
	ck_assert_ptr_null(b->name);
	ck_assert_ptr_null(b->icon_url);
	ck_assert_int_eq(b->n_breakdown, 3);
	ck_assert_str_eq(b->breakdown[0].key, "available");
	ck_assert_str_eq(b->breakdown[0].amount, "1");
	ck_assert_str_eq(b->breakdown[1].key, "pending");
	ck_assert_str_eq(b->breakdown[1].amount, "0.5");
	ck_assert_str_eq(b->breakdown[2].key, "in_transit");
	ck_assert_str_eq(b->breakdown[2].amount, "2");
	user_free(u);

	/* non-finite numbers are absent: 1e999 parses as infinity */
	u = parse_ok("{\"id\":\"user_1\",\"total_usd\":1e999}");
	ck_assert_ptr_null(u->total_usd);
	user_free(u);
}
END_TEST

START_TEST(test_hostile_balances)
{
	struct user *u = parse_ok(
		"{\"id\":\"user_1\",\"balances\":[1,\"x\",null,[],true,"
		"{\"symbol\":5,\"name\":[],\"balance\":true,\"value_usd\":{},"
		"\"price_usd\":[1],\"icon_url\":7,\"breakdown\":[1,2]},"
		"{\"symbol\":\"OK\",\"breakdown\":\"available\"}]}");
	ck_assert(u->has_balances);
	ck_assert_int_eq(u->n_balances, 2);
	struct balance *b = &u->balances[0];
	ck_assert_ptr_null(b->symbol);
	ck_assert_ptr_null(b->name);
	ck_assert_ptr_null(b->amount);
	ck_assert_ptr_null(b->value_usd);
	ck_assert_ptr_null(b->price_usd);
	ck_assert_ptr_null(b->icon_url);
	ck_assert_int_eq(b->n_breakdown, 0);
	ck_assert_str_eq(u->balances[1].symbol, "OK");
	ck_assert_int_eq(u->balances[1].n_breakdown, 0);
	user_free(u);
}
END_TEST

START_TEST(test_verification)
{
	static const struct {
		const char *json;
		enum verif_status kyc, kyb;
	} cases[] = {
		{ "", VERIF_ABSENT, VERIF_ABSENT },
		{ ",\"verification\":null", VERIF_ABSENT, VERIF_ABSENT },
		{ ",\"verification\":\"approved\"", VERIF_ABSENT, VERIF_ABSENT },
		{ ",\"verification\":{}", VERIF_ABSENT, VERIF_ABSENT },
		{ ",\"verification\":{\"individual\":null,\"business\":null}",
		  VERIF_NOT_CREATED, VERIF_NOT_CREATED },
		{ ",\"verification\":{\"individual\":{\"status\":\"not_started\"},"
		  "\"business\":{\"status\":\"rejected\"}}",
		  VERIF_NOT_STARTED, VERIF_REJECTED },
		{ ",\"verification\":{\"individual\":{\"status\":\"APPROVED\"}}",
		  VERIF_APPROVED, VERIF_ABSENT },
		{ ",\"verification\":{\"individual\":{\"status\":\"frozen\"},"
		  "\"business\":{\"status\":\"\"}}", VERIF_UNKNOWN, VERIF_UNKNOWN },
		{ ",\"verification\":{\"individual\":{},"
		  "\"business\":{\"status\":3}}", VERIF_UNKNOWN, VERIF_UNKNOWN },
		{ ",\"verification\":{\"individual\":5,\"business\":\"pending\"}",
		  VERIF_ABSENT, VERIF_ABSENT },
		{ ",\"verification\":{\"individual\":{\"status\":null},"
		  "\"business\":[]}", VERIF_UNKNOWN, VERIF_ABSENT },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[512];
		snprintf(buf, sizeof(buf), "{\"id\":\"user_1\"%s}",
		         cases[i].json);
		struct user *u = parse_ok(buf);
		ck_assert_msg(u->kyc == cases[i].kyc, "case %zu kyc %d", i,
		              (int)u->kyc);
		ck_assert_msg(u->kyb == cases[i].kyb, "case %zu kyb %d", i,
		              (int)u->kyb);
		user_free(u);
	}
	for (int s = VERIF_ABSENT; s <= VERIF_UNKNOWN + 1; s++)
		ck_assert_ptr_nonnull(verif_status_word((enum verif_status)s));
	ck_assert_str_eq(verif_status_word(VERIF_NOT_CREATED), "not created");
	ck_assert_str_eq(verif_status_word(VERIF_APPROVED), "approved");
}
END_TEST

START_TEST(test_deep_nesting)
{
	/* far beyond cJSON's nesting limit: refused, no stack overflow */
	size_t depth = 200000;
	char *s = malloc(depth * 2 + 64);
	ck_assert_ptr_nonnull(s);
	size_t n = 0;
	n += (size_t)sprintf(s, "{\"id\":\"user_1\",\"x\":");
	for (size_t i = 0; i < depth; i++)
		s[n++] = '[';
	for (size_t i = 0; i < depth; i++)
		s[n++] = ']';
	s[n++] = '}';
	parse_fails(s, n);

	/* nesting the parser accepts, in an unknown key and in balances */
	n = (size_t)sprintf(s, "{\"id\":\"user_1\",\"x\":");
	for (size_t i = 0; i < 500; i++)
		n += (size_t)sprintf(s + n, "{\"a\":");
	s[n++] = '1';
	for (size_t i = 0; i < 500; i++)
		s[n++] = '}';
	n += (size_t)sprintf(s + n, ",\"balances\":[[[[[{}]]]]],"
	                     "\"name\":\"Ada\"}");
	s[n] = '\0';
	struct user *u = parse_ok(s);
	ck_assert_str_eq(u->name, "Ada");
	ck_assert_int_eq(u->n_balances, 0);
	user_free(u);
	free(s);
}
END_TEST

/* A body with n balances, value_usd = index (so the last is largest). */
static char *many_balances(size_t n)
{
	struct strbuf sb = { 0 };
	ck_assert_int_eq(strbuf_append_str(&sb,
	                 "{\"id\":\"user_1\",\"balances\":["), 0);
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(strbuf_appendf(&sb,
		                 "%s{\"symbol\":\"S%zu\",\"value_usd\":\"%zu\"}",
		                 i ? "," : "", i, i), 0);
	ck_assert_int_eq(strbuf_append_str(&sb, "]}"), 0);
	return strbuf_take(&sb);
}

START_TEST(test_5000_balances)
{
	char *s = many_balances(5000);
	struct user *u = parse_ok(s);
	ck_assert_int_eq(u->n_balances, 5000);
	ck_assert_str_eq(u->balances[0].symbol, "S0");
	ck_assert_str_eq(u->balances[4999].symbol, "S4999");
	const struct balance **v = user_balances_sorted(u);
	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(v[0]->symbol, "S4999");
	ck_assert_str_eq(v[4999]->symbol, "S0");
	free(v);
	struct user *d = user_dup(u);
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(d->n_balances, 5000);
	ck_assert_str_eq(d->balances[1234].symbol, "S1234");
	user_free(d);
	user_free(u);
	free(s);
}
END_TEST

START_TEST(test_balances_cap)
{
	char *s = many_balances(USER_MAX_BALANCES + 3);
	struct user *u = parse_ok(s);
	ck_assert_int_eq(u->n_balances, USER_MAX_BALANCES);
	char want[32];
	snprintf(want, sizeof(want), "S%d", USER_MAX_BALANCES - 1);
	ck_assert_str_eq(u->balances[USER_MAX_BALANCES - 1].symbol, want);
	user_free(u);
	free(s);

	/* a breakdown with too many members keeps the first USER_MAX_ITEMS */
	struct strbuf sb = { 0 };
	strbuf_append_str(&sb, "{\"id\":\"user_1\",\"balances\":[{"
	                  "\"breakdown\":{");
	for (int i = 0; i < USER_MAX_ITEMS + 50; i++)
		strbuf_appendf(&sb, "%s\"k%d\":\"%d\"", i ? "," : "", i, i);
	strbuf_append_str(&sb, "}}]}");
	u = parse_ok(strbuf_str(&sb));
	ck_assert_int_eq(u->balances[0].n_breakdown, USER_MAX_ITEMS);
	ck_assert_str_eq(u->balances[0].breakdown[0].key, "k0");
	user_free(u);
	strbuf_free(&sb);
}
END_TEST

START_TEST(test_strings_raw)
{
	/* escapes are decoded by the JSON parser, nothing else is changed */
	struct user *u = parse_ok(
		"{\"id\":\"user_1\",\"name\":\"a\\\"b\\\\c\\/d\\te\\u00e9"
		"\\ud83d\\ude00\",\"bio\":\"l1\\n\\nl3\\r\\n\\u001b[31mred\"}");
	ck_assert_str_eq(u->name, "a\"b\\c/d\te\xc3\xa9\xf0\x9f\x98\x80");
	ck_assert_str_eq(u->bio, "l1\n\nl3\r\n\x1b[31mred");
	user_free(u);

	/* invalid UTF-8 bytes are kept raw (sanitised only at display) */
	const char bad[] = "{\"id\":\"user_\xff\",\"name\":\"\xc3(\xfe\xed\xa0"
	                   "\x80\",\"username\":\"\xc0\xaf\"}";
	u = parse_ok(bad);
	ck_assert_str_eq(u->id, "user_\xff");
	ck_assert_str_eq(u->name, "\xc3(\xfe\xed\xa0\x80");
	ck_assert_str_eq(u->username, "\xc0\xaf");
	ck_assert_int_eq(memcmp(u->raw_json, bad, sizeof(bad)), 0);
	user_free(u);

	/* \u0000 cannot live in a C string: the value ends there */
	u = parse_ok("{\"id\":\"user_1\",\"name\":\"ab\\u0000cd\"}");
	ck_assert_str_eq(u->name, "ab");
	user_free(u);

	/* a NUL byte inside the text (not escaped) is not JSON */
	static const char nul[] = "{\"id\":\"user_1\",\"name\":\"a\0b\"}";
	parse_fails(nul, sizeof(nul) - 1);
}
END_TEST

START_TEST(test_huge_strings)
{
	size_t big = 4u << 20;
	struct strbuf sb = { 0 };
	strbuf_append_str(&sb, "{\"id\":\"user_1\",\"bio\":\"");
	char *chunk = malloc(big);
	ck_assert_ptr_nonnull(chunk);
	memset(chunk, 'x', big);
	strbuf_append(&sb, chunk, big);
	strbuf_append_str(&sb, "\",\"name\":\"");
	strbuf_append(&sb, chunk, 200000);
	strbuf_append_str(&sb, "\"}");
	struct user *u = user_parse(sb.data, sb.len, NULL);
	ck_assert_ptr_nonnull(u);
	ck_assert_uint_eq(strlen(u->bio), big);
	ck_assert_uint_eq(strlen(u->name), 200000);
	ck_assert_uint_eq(strlen(u->raw_json), sb.len);
	user_free(u);
	strbuf_free(&sb);
	free(chunk);
}
END_TEST

/* ---- fixtures ---- */

START_TEST(test_fixture_me)
{
	struct user *u = parse_fixture("user-me.json");
	ck_assert_str_eq(u->id, "user_Demo0000000001");
	ck_assert_str_eq(u->username, "ada-lovelace");
	ck_assert_str_eq(u->name, "Ada Lovelace");
	ck_assert_str_eq(u->bio, "Analyst of engines.\nWrites notes longer "
	                 "than the paper they annotate.\n\n\xe2\x80\x94 London");
	ck_assert_str_eq(u->created_at, "2023-12-01T05:00:00.401Z");
	ck_assert_str_eq(u->picture_url, "https://media.example.invalid/ada.png");
	ck_assert_str_eq(u->total_usd, "15234.5");
	ck_assert(u->has_balances);
	ck_assert_int_eq(u->n_balances, 4);
	ck_assert_str_eq(u->balances[0].symbol, "USD");
	ck_assert_str_eq(u->balances[0].name, "US Dollar");
	ck_assert_str_eq(u->balances[0].amount, "12000.00");
	ck_assert_str_eq(u->balances[0].value_usd, "12000.00");
	ck_assert_str_eq(u->balances[0].price_usd, "1");
	ck_assert_ptr_null(u->balances[0].icon_url);
	ck_assert_int_eq(u->balances[0].n_breakdown, 3);
	ck_assert_str_eq(u->balances[0].breakdown[0].key, "available");
	ck_assert_str_eq(u->balances[0].breakdown[0].amount, "11000.00");
	ck_assert_str_eq(u->balances[0].breakdown[1].key, "pending");
	ck_assert_str_eq(u->balances[0].breakdown[2].key, "reserve");
	ck_assert_str_eq(u->balances[0].breakdown[2].amount, "250.00");
	ck_assert_str_eq(u->balances[1].price_usd, "1.0805");
	ck_assert_str_eq(u->balances[2].symbol, "cbBTC");
	ck_assert_str_eq(u->balances[2].amount, "0.01650000");
	ck_assert_str_eq(u->balances[2].price_usd, "97803.03");
	ck_assert_str_eq(u->balances[3].symbol, "GLD");
	ck_assert_ptr_null(u->balances[3].value_usd);
	ck_assert_ptr_null(u->balances[3].price_usd);
	ck_assert_int_eq(u->balances[3].n_breakdown, 0);
	ck_assert_int_eq(u->kyc, VERIF_APPROVED);
	ck_assert_int_eq(u->kyb, VERIF_PENDING);
	ck_assert(!u->summary.present);

	const struct balance **v = user_balances_sorted(u);
	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(v[0]->symbol, "USD");
	ck_assert_str_eq(v[1]->symbol, "EUR");
	ck_assert_str_eq(v[2]->symbol, "cbBTC");
	ck_assert_str_eq(v[3]->symbol, "GLD");
	free(v);
	user_free(u);
}
END_TEST

START_TEST(test_fixture_other)
{
	struct user *u = parse_fixture("user-other.json");
	ck_assert_str_eq(u->id, "user_Demo0000000002");
	ck_assert_str_eq(u->username, "charles-b");
	ck_assert_ptr_null(u->name);
	ck_assert_ptr_null(u->bio);
	ck_assert_ptr_null(u->picture_url);
	ck_assert_ptr_null(u->total_usd);
	ck_assert(u->has_balances);
	ck_assert_int_eq(u->n_balances, 0);
	ck_assert_int_eq(u->kyc, VERIF_NOT_CREATED);
	ck_assert_int_eq(u->kyb, VERIF_NOT_CREATED);
	const struct balance **v = user_balances_sorted(u);
	ck_assert_ptr_nonnull(v); /* empty, but not an error */
	free(v);
	user_free(u);
}
END_TEST

START_TEST(test_fixture_legacy)
{
	struct user *u = parse_fixture("user-legacy-2025-01-01.json");
	ck_assert_str_eq(u->username, "ada-lovelace");
	ck_assert_str_eq(u->name, "Ada Lovelace");
	ck_assert_str_eq(u->picture_url, "https://media.example.invalid/ada.png");
	ck_assert_ptr_null(u->total_usd);
	ck_assert(!u->has_balances);
	ck_assert_int_eq(u->n_balances, 0);
	ck_assert_int_eq(u->kyc, VERIF_ABSENT);
	ck_assert_int_eq(u->kyb, VERIF_ABSENT);
	ck_assert(!u->summary.present);
	user_free(u);
}
END_TEST

START_TEST(test_fixture_nested)
{
	struct user *u = parse_fixture("user-nested-balance.json");
	ck_assert_str_eq(u->name, "Ada Lovelace");
	ck_assert(!u->has_balances);
	ck_assert_ptr_null(u->total_usd);
	ck_assert_int_eq(u->kyc, VERIF_APPROVED);
	ck_assert_int_eq(u->kyb, VERIF_PENDING);
	const struct balance_summary *s = &u->summary;
	ck_assert(s->present);
	static const char *const keys[] = {
		"total_usd", "cash_usd", "crypto_usd", "pending_usd",
		"businesses_total_usd", "treasury_pending_usd",
	};
	ck_assert_int_eq(s->n_totals, 6);
	for (size_t i = 0; i < 6; i++)
		ck_assert_str_eq(s->totals[i].key, keys[i]);
	ck_assert_str_eq(s->totals[0].amount, "15234.50");
	ck_assert_int_eq(s->n_cash, 1);
	ck_assert_str_eq(s->cash[0].symbol, "usd");
	ck_assert_str_eq(s->cash[0].amount, "11000");
	ck_assert_str_eq(s->cash[0].value_usd, "11000");
	ck_assert_int_eq(s->cash[0].n_breakdown, 3);
	ck_assert_str_eq(s->cash[0].breakdown[0].key, "pending_balance_usd");
	ck_assert_str_eq(s->cash[0].breakdown[0].amount, "750");
	ck_assert_str_eq(s->cash[0].breakdown[1].key, "reserve_balance_usd");
	ck_assert_str_eq(s->cash[0].breakdown[2].key,
	                 "total_withdrawable_balance");
	ck_assert_int_eq(s->n_crypto, 1);
	ck_assert_str_eq(s->crypto[0].symbol, "cbBTC");
	ck_assert_str_eq(s->crypto[0].amount, "0.0165");
	ck_assert_str_eq(s->crypto[0].value_usd, "1613.75");
	ck_assert_str_eq(s->crypto[0].price_usd, "97803.03");
	ck_assert_int_eq(s->crypto[0].n_breakdown, 0);
	ck_assert_int_eq(s->n_businesses, 0);

	struct user *d = user_dup(u);
	ck_assert_ptr_nonnull(d);
	ck_assert_str_eq(d->raw_json, u->raw_json);
	ck_assert(d->summary.present);
	ck_assert_int_eq(d->summary.n_totals, 6);
	ck_assert_str_eq(d->summary.cash[0].breakdown[2].key,
	                 "total_withdrawable_balance");
	ck_assert_str_eq(d->summary.crypto[0].symbol, "cbBTC");
	ck_assert(d->summary.crypto != s->crypto);
	user_free(d);
	user_free(u);
}
END_TEST

START_TEST(test_fixture_search)
{
	size_t len = 0;
	char *s = fixture("users-search.json", &len);
	cJSON *root = cJSON_ParseWithLength(s, len);
	ck_assert_ptr_nonnull(root);
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(root, "data");
	ck_assert(cJSON_IsArray(data));
	struct pf_error err;
	struct user *a = user_from_cjson(cJSON_GetArrayItem(data, 0), &err);
	struct user *b = user_from_cjson(cJSON_GetArrayItem(data, 1), &err);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(err.kind, PF_OK);
	ck_assert_str_eq(a->username, "charles-b");
	ck_assert_ptr_null(a->raw_json);
	ck_assert_int_eq(a->kyc, VERIF_NOT_CREATED);
	ck_assert_str_eq(b->username, "ada-lovelace");
	ck_assert(!b->has_balances);
	ck_assert_ptr_null(user_from_cjson(root, &err)); /* no id */
	ck_assert_int_eq(err.kind, PF_ERR_PARSE);
	ck_assert_ptr_null(user_from_cjson(data, &err)); /* an array */
	ck_assert_int_eq(err.kind, PF_ERR_PARSE);
	user_free(a);
	user_free(b);
	cJSON_Delete(root);
	free(s);
}
END_TEST

START_TEST(test_nested_hostile)
{
	struct user *u = parse_ok(
		"{\"id\":\"user_1\",\"balance\":{\"total_usd\":7,"
		"\"cash_usd\":null,\"weird_usd\":[1],\"not_a_total\":\"3\","
		"\"cash\":{},\"crypto\":[5,{\"currency\":\"eur\","
		"\"balance_usd\":\"9\",\"extra\":\"1\"}],"
		"\"businesses\":[{\"name\":\"Acme\",\"balance\":\"12.5\"}]}}");
	const struct balance_summary *s = &u->summary;
	ck_assert(s->present);
	ck_assert_int_eq(s->n_totals, 1);
	ck_assert_str_eq(s->totals[0].key, "total_usd");
	ck_assert_str_eq(s->totals[0].amount, "7");
	ck_assert_int_eq(s->n_cash, 0);
	ck_assert_int_eq(s->n_crypto, 1);
	ck_assert_str_eq(s->crypto[0].symbol, "eur");
	ck_assert_str_eq(s->crypto[0].value_usd, "9");
	ck_assert_int_eq(s->crypto[0].n_breakdown, 1);
	ck_assert_str_eq(s->crypto[0].breakdown[0].key, "extra");
	ck_assert_int_eq(s->n_businesses, 1);
	ck_assert_str_eq(s->businesses[0].name, "Acme");
	ck_assert_str_eq(s->businesses[0].amount, "12.5");
	user_free(u);
}
END_TEST

/* ---- helpers ---- */

START_TEST(test_sorted_order)
{
	struct user *u = parse_ok(
		"{\"id\":\"user_1\",\"balances\":["
		"{\"symbol\":\"junk\",\"value_usd\":\"abc\"},"
		"{\"symbol\":\"null\",\"value_usd\":null},"
		"{\"symbol\":\"five-a\",\"value_usd\":\"5\"},"
		"{\"symbol\":\"ten\",\"value_usd\":\"10.00\"},"
		"{\"symbol\":\"neg\",\"value_usd\":\"-3\"},"
		"{\"symbol\":\"five-b\",\"value_usd\":\"5.000\"},"
		"{\"symbol\":\"sci\",\"value_usd\":\"1e9\"},"
		"{\"symbol\":\"big\",\"value_usd\":\"123456789012345678901.5\"}"
		"]}");
	const struct balance **v = user_balances_sorted(u);
	ck_assert_ptr_nonnull(v);
	static const char *const want[] = {
		"big", "ten", "five-a", "five-b", "neg", "junk", "null", "sci",
	};
	for (size_t i = 0; i < 8; i++)
		ck_assert_str_eq(v[i]->symbol, want[i]);
	free(v);
	user_free(u);
}
END_TEST

static Suite *user_suite(void)
{
	Suite *s = suite_create("user");
	TCase *tc = tcase_create("hostile");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_null_and_empty);
	tcase_add_test(tc, test_not_an_object);
	tcase_add_test(tc, test_truncated_fixture);
	tcase_add_test(tc, test_id_required);
	tcase_add_test(tc, test_wrong_types);
	tcase_add_test(tc, test_money_numbers);
	tcase_add_test(tc, test_hostile_balances);
	tcase_add_test(tc, test_verification);
	tcase_add_test(tc, test_deep_nesting);
	tcase_add_test(tc, test_5000_balances);
	tcase_add_test(tc, test_balances_cap);
	tcase_add_test(tc, test_strings_raw);
	tcase_add_test(tc, test_huge_strings);
	tcase_add_test(tc, test_nested_hostile);
	suite_add_tcase(s, tc);
	tc = tcase_create("fixtures");
	tcase_add_test(tc, test_fixture_me);
	tcase_add_test(tc, test_fixture_other);
	tcase_add_test(tc, test_fixture_legacy);
	tcase_add_test(tc, test_fixture_nested);
	tcase_add_test(tc, test_fixture_search);
	tcase_add_test(tc, test_sorted_order);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run_suite(user_suite());
}
