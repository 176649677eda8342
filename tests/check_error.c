/* check_error.c - the error value, its sentence and exit codes. */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "testutil.h"

/* True when s holds no C0 control, DEL or C1 control (UTF-8 C2 80..9F). */
static bool no_controls(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return false;
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return false;
	}
	return true;
}

/* An HTTP error for what with status and message. */
static struct pf_error http_err(const char *what, long status, const char *msg)
{
	struct pf_error e;
	pf_error_clear(&e);
	e.kind = PF_ERR_HTTP;
	e.status = status;
	strcpy(e.what, what);
	strcpy(e.message, msg);
	return e;
}

/* The sentence for e, in a static buffer, checked for controls. */
static const char *sentence(const struct pf_error *e)
{
	static char buf[1024];
	pf_error_sentence(e, buf, sizeof(buf));
	ck_assert_msg(no_controls(buf), "control in: %s", buf);
	return buf;
}

START_TEST(test_null_and_clear)
{
	char buf[64];
	pf_error_clear(NULL);
	ck_assert_int_eq(pf_error_set(NULL, PF_ERR_IO, "x %d", 1), -1);
	ck_assert_str_eq(pf_error_sentence(NULL, buf, sizeof(buf)), "No error.");
	ck_assert_ptr_null(pf_error_sentence(NULL, NULL, 0));
	ck_assert_int_eq(pf_error_exit_code(NULL), PF_EXIT_OK);

	struct pf_error e;
	memset(&e, 0x5a, sizeof(e));
	pf_error_clear(&e);
	ck_assert_int_eq(e.kind, PF_OK);
	ck_assert_int_eq(e.retry_after_s, -1);
	ck_assert_str_eq(e.message, "");
	ck_assert_str_eq(e.what, "");
	ck_assert_str_eq(sentence(&e), "No error.");

	/* a one-byte buffer still terminates */
	e.kind = PF_ERR_IO;
	pf_error_sentence(&e, buf, 1);
	ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(test_set_keeps_what_resets_the_rest)
{
	struct pf_error e = http_err("load user me", 429, "old");
	e.retry_after_s = 5;
	strcpy(e.field, "name");
	ck_assert_int_eq(pf_error_set(&e, PF_ERR_IO, "cannot read %s", "x.png"), -1);
	ck_assert_int_eq(e.kind, PF_ERR_IO);
	ck_assert_str_eq(e.message, "cannot read x.png");
	ck_assert_str_eq(e.what, "load user me");
	ck_assert_int_eq(e.status, 0);
	ck_assert_int_eq(e.retry_after_s, -1);
	ck_assert_str_eq(e.field, "");

	/* an overlong message is cut, not overflowed */
	char big[2000];
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	pf_error_set(&e, PF_ERR_IO, "%s", big);
	ck_assert_uint_eq(strlen(e.message), sizeof(e.message) - 1);
}
END_TEST

START_TEST(test_http_statuses)
{
	struct pf_error e = http_err("load user me", 401, "Invalid API key");
	ck_assert_str_eq(sentence(&e),
	                 "Could not load user me: the token was refused "
	                 "(HTTP 401: Invalid API key). Check WHOP_API_KEY or "
	                 "--token-file.");

	e = http_err("save your profile", 403, "Missing permission: user:profile:update");
	ck_assert_ptr_nonnull(strstr(sentence(&e), "Could not save your profile: "));
	ck_assert_ptr_nonnull(strstr(sentence(&e), "no permission"));
	ck_assert_ptr_nonnull(strstr(sentence(&e), "Missing permission: user:profile:update"));

	e = http_err("load user ghost", 404, "User not found");
	ck_assert_ptr_nonnull(strstr(sentence(&e), "load user ghost"));
	ck_assert_ptr_nonnull(strstr(sentence(&e), "user was not found"));
	ck_assert_ptr_nonnull(strstr(sentence(&e), "(HTTP 404: User not found)"));

	e = http_err("save your profile", 400, "account_id is required for API key callers");
	ck_assert_ptr_nonnull(strstr(sentence(&e), "(HTTP 400: account_id is required for API key callers)."));

	e = http_err("save your profile", 422, "Username has already been taken");
	strcpy(e.field, "username");
	ck_assert_ptr_nonnull(strstr(sentence(&e), "HTTP 422: Username has already been taken"));
	ck_assert_ptr_nonnull(strstr(sentence(&e), "Correct the username field"));

	e = http_err("load user me", 429, "Try again in 12 seconds.");
	e.retry_after_s = 12;
	ck_assert_str_eq(sentence(&e),
	                 "Could not load user me: too many requests "
	                 "(HTTP 429: Try again in 12 seconds). Wait 12 seconds "
	                 "and try again.");
	e.retry_after_s = 1;
	ck_assert_ptr_nonnull(strstr(sentence(&e), "Wait 1 second and"));
	e.retry_after_s = 0;
	ck_assert_ptr_null(strstr(sentence(&e), "Wait 0"));
	ck_assert_ptr_nonnull(strstr(sentence(&e), "Try again."));
	e.retry_after_s = -1;
	ck_assert_ptr_nonnull(strstr(sentence(&e), "Wait a moment"));

	e = http_err("load user me", 503, "");
	ck_assert_str_eq(sentence(&e),
	                 "Could not load user me: the server failed (HTTP 503). "
	                 "Try again later.");

	e = http_err("load user me", 409, "conflict");
	ck_assert_ptr_nonnull(strstr(sentence(&e), "Reload"));
	e = http_err("load user me", 301, "");
	ck_assert_ptr_nonnull(strstr(sentence(&e), "redirect"));
	e = http_err("load user me", 418, "teapot");
	ck_assert_ptr_nonnull(strstr(sentence(&e), "refused the request (HTTP 418: teapot)."));
}
END_TEST

START_TEST(test_local_and_transport_kinds)
{
	struct pf_error e;
	pf_error_clear(&e);
	strcpy(e.what, "load user me");
	pf_error_set(&e, PF_ERR_TIMEOUT, "Operation timed out after 200 milliseconds");
	strcpy(e.host, "api.whop.com");
	const char *s = sentence(&e);
	ck_assert_ptr_nonnull(strstr(s, "Could not load user me: no answer in time from api.whop.com"));
	ck_assert_ptr_nonnull(strstr(s, "--timeout"));

	pf_error_set(&e, PF_ERR_TRANSPORT, "Could not resolve host: api.whop.com");
	strcpy(e.host, "api.whop.com");
	s = sentence(&e);
	ck_assert_ptr_nonnull(strstr(s, "could not talk to api.whop.com (Could not resolve host"));
	ck_assert_ptr_nonnull(strstr(s, "Check the network"));
	pf_error_set(&e, PF_ERR_TRANSPORT, "reset"); /* no host known */
	ck_assert_ptr_nonnull(strstr(sentence(&e), "could not talk to the server"));

	pf_error_set(&e, PF_ERR_TOO_LARGE, "larger than 10 bytes");
	ck_assert_ptr_nonnull(strstr(sentence(&e), "too large (larger than 10 bytes)"));
	pf_error_set(&e, PF_ERR_PARSE, "not JSON");
	ck_assert_ptr_nonnull(strstr(sentence(&e), "not usable (not JSON)"));
	pf_error_set(&e, PF_ERR_CANCELLED, "cancelled");
	ck_assert_str_eq(sentence(&e), "Could not load user me: cancelled.");
	pf_error_set(&e, PF_ERR_NOMEM, "x");
	ck_assert_str_eq(sentence(&e), "Could not load user me: out of memory.");

	/* no operation: the reason starts the sentence, capitalised */
	pf_error_clear(&e);
	pf_error_set(&e, PF_ERR_USAGE, "unknown option --frob");
	ck_assert_str_eq(sentence(&e), "Unknown option --frob. See profed --help.");
	pf_error_set(&e, PF_ERR_CONFIG, "%s", "no token: set WHOP_API_KEY.");
	ck_assert_str_eq(sentence(&e), "No token: set WHOP_API_KEY.");
	pf_error_set(&e, PF_ERR_VALIDATION, "name: at most 100 characters");
	ck_assert_str_eq(sentence(&e), "Name: at most 100 characters.");
	pf_error_set(&e, PF_ERR_IO, "cannot read x");
	ck_assert_str_eq(sentence(&e), "Cannot read x.");
}
END_TEST

/* The formatter never changes user text: a message that starts with a
 * path or a name as typed keeps its case; our own words are capitalised;
 * server text only ever comes after our words. */
START_TEST(test_user_text_keeps_its_case)
{
	struct pf_error e;

	pf_error_clear(&e);
	pf_error_set(&e, PF_ERR_VALIDATION, "%s is not a PNG, JPEG, GIF or "
	             "WebP image", "fake.png");
	ck_assert(e.keep_case);
	ck_assert_str_eq(sentence(&e),
	                 "fake.png is not a PNG, JPEG, GIF or WebP image.");
	pf_error_set(&e, PF_ERR_CONFIG, "%.*s: expected 'key = value'", 5,
	             "config");
	ck_assert_str_eq(sentence(&e), "confi: expected 'key = value'.");
	pf_error_set(&e, PF_ERR_USAGE, "%s: unknown", "ümlaut");
	ck_assert_str_eq(sentence(&e), "ümlaut: unknown. See profed --help.");
	/* our own words, also passed on whole with "%s", are capitalised */
	pf_error_set(&e, PF_ERR_IO, "cannot read %s", "fake.png");
	ck_assert(!e.keep_case);
	ck_assert_str_eq(sentence(&e), "Cannot read fake.png.");
	pf_error_set(&e, PF_ERR_IO, "%s", "cannot read fake.png");
	ck_assert_str_eq(sentence(&e), "Cannot read fake.png.");
	/* with an operation the sentence starts with ours; the path stays */
	pf_error_set(&e, PF_ERR_IO, "%s is empty", "fake.png");
	snprintf(e.what, sizeof e.what, "upload %s", "fake.png");
	ck_assert_str_eq(sentence(&e), "Could not upload fake.png: fake.png is "
	                 "empty.");
	/* server text: after our words, as sent */
	e = http_err("", 422, "username taken");
	ck_assert_str_eq(sentence(&e), "The server did not accept the request "
	                 "(HTTP 422: username taken).");
	/* pf_error_clear forgets it */
	pf_error_set(&e, PF_ERR_USAGE, "%s", "x");
	pf_error_clear(&e);
	ck_assert(!e.keep_case);
}
END_TEST

START_TEST(test_no_control_characters)
{
	struct pf_error e = http_err("load user \x1b]0;pwned\x07",
	                             500, "boom\x1b[2J\r\nline\x7f\xc2\x9b" "31m"
	                             "\xe2\x80\xae" "evil\xff");
	strcpy(e.code, "x\x1b");
	const char *s = sentence(&e);
	ck_assert_ptr_nonnull(strstr(s, "load user ^[]0;pwned^G"));
	ck_assert_ptr_nonnull(strstr(s, "boom^[[2J^M^Jline^?"));
	ck_assert_ptr_null(strstr(s, "\xe2\x80\xae"));
	ck_assert_ptr_null(strstr(s, "\xff"));

	/* every kind, with a hostile message and host */
	for (int k = PF_OK; k <= PF_ERR_CANCELLED; k++) {
		pf_error_set(&e, (enum pf_err_kind)k, "bad\x1b[31m\n\t%s", "x");
		strcpy(e.host, "h\x1b[0m");
		e.status = 500;
		sentence(&e);
	}

	/* a small buffer never splits a character */
	char small[13];
	e = http_err("é\x1bé", 500, "");
	pf_error_sentence(&e, small, sizeof(small));
	ck_assert_str_eq(small, "Could not é");
}
END_TEST

START_TEST(test_exit_codes)
{
	static const struct {
		enum pf_err_kind kind;
		long status;
		enum pf_exit code;
	} t[] = {
		{ PF_OK, 0, PF_EXIT_OK },
		{ PF_ERR_USAGE, 0, PF_EXIT_USAGE },
		{ PF_ERR_CONFIG, 0, PF_EXIT_USAGE },
		{ PF_ERR_NOMEM, 0, PF_EXIT_OTHER },
		{ PF_ERR_IO, 0, PF_EXIT_OTHER },
		{ PF_ERR_TRANSPORT, 0, PF_EXIT_NETWORK },
		{ PF_ERR_TIMEOUT, 0, PF_EXIT_NETWORK },
		{ PF_ERR_TOO_LARGE, 0, PF_EXIT_OTHER },
		{ PF_ERR_PARSE, 0, PF_EXIT_OTHER },
		{ PF_ERR_VALIDATION, 0, PF_EXIT_VALIDATION },
		{ PF_ERR_CANCELLED, 0, PF_EXIT_OTHER },
		{ PF_ERR_HTTP, 400, PF_EXIT_VALIDATION },
		{ PF_ERR_HTTP, 401, PF_EXIT_AUTH },
		{ PF_ERR_HTTP, 403, PF_EXIT_AUTH },
		{ PF_ERR_HTTP, 404, PF_EXIT_NOT_FOUND },
		{ PF_ERR_HTTP, 409, PF_EXIT_OTHER },
		{ PF_ERR_HTTP, 422, PF_EXIT_VALIDATION },
		{ PF_ERR_HTTP, 429, PF_EXIT_NETWORK },
		{ PF_ERR_HTTP, 500, PF_EXIT_OTHER },
		{ PF_ERR_HTTP, 503, PF_EXIT_OTHER },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct pf_error e;
		pf_error_clear(&e);
		e.kind = t[i].kind;
		e.status = t[i].status;
		ck_assert_msg(pf_error_exit_code(&e) == t[i].code,
		              "kind %d status %ld", t[i].kind, t[i].status);
	}
}
END_TEST

START_TEST(test_report)
{
	struct pf_error e;
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	ck_assert_ptr_nonnull(out);
	pf_error_clear(&e);
	pf_error_set(&e, PF_ERR_USAGE, "--limit needs a number");
	ck_assert_int_eq(pf_error_report(out, &e), PF_EXIT_USAGE);
	fclose(out);
	ck_assert_str_eq(text, "profed: --limit needs a number. See profed --help.\n");
	free(text);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("error");
	TCase *tc = tcase_create("error");
	tcase_add_test(tc, test_null_and_clear);
	tcase_add_test(tc, test_set_keeps_what_resets_the_rest);
	tcase_add_test(tc, test_http_statuses);
	tcase_add_test(tc, test_local_and_transport_kinds);
	tcase_add_test(tc, test_no_control_characters);
	tcase_add_test(tc, test_user_text_keeps_its_case);
	tcase_add_test(tc, test_exit_codes);
	tcase_add_test(tc, test_report);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
