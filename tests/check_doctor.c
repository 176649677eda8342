/* check_doctor.c - `profed doctor` end to end: the real binary against the
 * stub over loopback. A healthy setup, a rejected token, a loose config
 * file, a loose token file, an unreachable API (a closed loopback port),
 * --json, and the token never shown. */
#include <arpa/inet.h>
#include <check.h>
#include <cjson/cJSON.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "stub.h"
#include "clirun.h"
#include "testutil.h"

static struct stub *stub;
static char *home;
static struct tu_result res;

static void setup(void) { stub = cli_setup(&home, &res); }

static void teardown(void) { cli_teardown(stub, &home, &res); }

/* Run profed with args (NULL-terminated) against url (NULL: the stub's)
 * as the holder of token (NULL = none). */
static void run_doctor(const char *url, const char *token,
                       const char *const args[])
{
	cli_run(&res, url ? url : stub_base_url(stub), home, NULL, token, NULL,
	        args, 30000);
}

#define DOCTOR(url, token, ...) \
	run_doctor(url, token, (const char *const[]){"doctor", __VA_ARGS__ NULL})

/* The output has a line "  STATUS  NAME ... " containing detail. */
/* A line "  STATUS  NAME<spaces>DETAIL..." with detail in it (NULL: any). */
static void expect_line(const char *status, const char *name,
                        const char *detail)
{
	char head[128];
	snprintf(head, sizeof head, "  %-4s  %s ", status, name);
	bool found = false;
	for (const char *p = strstr(res.out, head); p && !found;
	     p = strstr(p + 1, head)) {
		if (p != res.out && p[-1] != '\n')
			continue;
		const char *eol = strchr(p, '\n');
		ck_assert_ptr_nonnull(eol);
		char *line = strndup(p, (size_t)(eol - p));
		found = !detail || strstr(line + strlen(head), detail);
		free(line);
	}
	ck_assert_msg(found, "no '%s' line with '%s' in:\n%s", head,
	              detail ? detail : "", res.out);
}

/* Every check line's detail starts in the same column, after at least
 * two spaces, however long the longest name is. */
static void expect_aligned(void)
{
	int column = -1, lines = 0;
	for (const char *p = res.out; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p) {
		if (strncmp(p, "  ok  ", 6) && strncmp(p, "  warn  ", 8) &&
		    strncmp(p, "  fail  ", 8))
			continue;
		const char *name = p + 8;
		const char *gap = strstr(name, "  ");
		ck_assert_ptr_nonnull(gap);
		const char *detail = gap + strspn(gap, " ");
		if (column < 0)
			column = (int)(detail - p);
		ck_assert_msg((int)(detail - p) == column, "not aligned:\n%s",
		              res.out);
		lines++;
	}
	ck_assert_int_gt(lines, 10);
}

static void expect_no_token(const char *token)
{
	ck_assert_msg(!strstr(res.out, token), "token on stdout");
	ck_assert_msg(!strstr(res.err, token), "token on stderr");
}

START_TEST(test_doctor_usage)
{
	/* NULL, empty and hostile first: doctor takes no USER */
	run_doctor(NULL, STUB_TOKEN_ADA, (const char *const[]){"doctor", "me",
	           NULL});
	ck_assert_int_eq(res.exit_code, PF_EXIT_USAGE);
	run_doctor(NULL, STUB_TOKEN_ADA, (const char *const[]){"doctor",
	           "--dry-run", NULL});
	ck_assert_int_eq(res.exit_code, PF_EXIT_USAGE);
	ck_assert(tu_contains(res.err, "--dry-run goes with set"));
	run_doctor(NULL, STUB_TOKEN_ADA, (const char *const[]){"doctor", "--name",
	           "x", NULL});
	ck_assert_int_eq(res.exit_code, PF_EXIT_USAGE);
	run_doctor(NULL, STUB_TOKEN_ADA, (const char *const[]){"--json", NULL});
	ck_assert_int_eq(res.exit_code, PF_EXIT_USAGE);
	ck_assert(tu_contains(res.err, "--json goes with show or doctor"));
	ck_assert_uint_eq(stub_journal_count(stub), 0);
}
END_TEST

START_TEST(test_doctor_healthy)
{
	DOCTOR(NULL, STUB_TOKEN_ADA, );
	ck_assert_msg(res.exit_code == 0, "exit %d:\n%s%s", res.exit_code,
	              res.out, res.err);
	expect_line("ok", "base-url", "(environment)");
	expect_line("ok", "timeout", "30 (default)");
	expect_line("ok", "token", "from WHOP_API_KEY, ends in ...-ada");
	expect_line("ok", "config file", "none at");
	expect_line("ok", "reached", "ms (GET /users/me, HTTP 200)");
	expect_line("ok", "token", "accepted: signed in as ada-lovelace");
	expect_line("ok", "api version", "users 2026-06-09 accepted");
	expect_line("ok", "state directory", "/state/profed");
	expect_line("ok", "drafts directory", "/state/profed/drafts");
	expect_line("ok", "TERM", "xterm");
	expect_line("ok", "locale", "UTF-8");
	ck_assert(tu_contains(res.out, "Home/End"));
	ck_assert(tu_contains(res.out, "Nothing failed."));
	ck_assert(!tu_contains(res.out, "  fail  "));
	expect_aligned();
	expect_no_token(STUB_TOKEN_ADA);
	/* one GET, no repeat */
	ck_assert_uint_eq(stub_journal_count(stub), 1);
	ck_assert_uint_eq(stub_journal_count_of(stub, "GET", "/api/v1/users/me"), 1);
}
END_TEST

START_TEST(test_doctor_flag_and_file_sources)
{
	char dir[4096], path[4200];
	snprintf(dir, sizeof dir, "%s/config/profed", home);
	snprintf(path, sizeof path, "%s/config", dir);
	char mk[4096];
	snprintf(mk, sizeof mk, "%s/config", home);
	ck_assert_int_eq(mkdir(mk, 0700), 0);
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	ck_assert_int_eq(tu_write_file(path, "timeout = 7\nretries = 3\n", -1,
	                               0600), 0);
	run_doctor(NULL, STUB_TOKEN_ADA, (const char *const[]){"--retries", "4",
	           "doctor", NULL});
	ck_assert_msg(res.exit_code == 0, "exit %d:\n%s", res.exit_code, res.out);
	expect_line("ok", "timeout", "7 (config file)");
	expect_line("ok", "retries", "4 (flag)");
	expect_line("ok", "config file", ", mode 600");
	/* doctor's one GET is one, whatever --retries says */
	ck_assert_uint_eq(stub_journal_count(stub), 1);
}
END_TEST

START_TEST(test_doctor_rejected_token)
{
	const char *bad = "pf-test-not-a-known-token";
	DOCTOR(NULL, bad, );
	ck_assert_int_eq(res.exit_code, 1);
	expect_line("ok", "reached", "HTTP 401");
	expect_line("fail", "token", "rejected (HTTP 401)");
	ck_assert(tu_contains(res.out, "Something failed"));
	expect_no_token(bad);
	ck_assert(tu_contains(res.out, "ends in ...oken"));
}
END_TEST

START_TEST(test_doctor_loose_config_file)
{
	char dir[4096], path[4200];
	snprintf(dir, sizeof dir, "%s/config", home);
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	snprintf(dir, sizeof dir, "%s/config/profed", home);
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	snprintf(path, sizeof path, "%s/config", dir);
	ck_assert_int_eq(tu_write_file(path, "timeout = 5\n", -1, 0644), 0);
	DOCTOR(NULL, STUB_TOKEN_ADA, );
	ck_assert_int_eq(res.exit_code, 1);
	expect_line("fail", "config file", "chmod 600");
	/* the other sections still report */
	expect_line("ok", "timeout", "30 (default)");
	expect_line("fail", "reached", "not tried");
	ck_assert(tu_contains(res.out, "Terminal"));
	ck_assert_uint_eq(stub_journal_count(stub), 0);
}
END_TEST

START_TEST(test_doctor_loose_token_file)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/token", home);
	ck_assert_int_eq(tu_write_file(path, STUB_TOKEN_ADA "\n", -1, 0640), 0);
	run_doctor(NULL, NULL, (const char *const[]){"--token-file", path,
	           "doctor", NULL});
	ck_assert_int_eq(res.exit_code, 1);
	expect_line("fail", "token file", "chmod 600");
	expect_no_token(STUB_TOKEN_ADA);
	ck_assert_uint_eq(stub_journal_count(stub), 0);
	/* made private, the token comes from it, shown by its end only */
	ck_assert_int_eq(chmod(path, 0600), 0);
	run_doctor(NULL, NULL, (const char *const[]){"--token-file", path,
	           "doctor", NULL});
	ck_assert_msg(res.exit_code == 0, "exit %d:\n%s", res.exit_code, res.out);
	expect_line("ok", "token", "from the token file");
	expect_line("ok", "token", "(token-file from flag), ends in ...-ada");
	expect_line("ok", "token file", ", mode 600");
	expect_no_token(STUB_TOKEN_ADA);
}
END_TEST

START_TEST(test_doctor_no_token)
{
	DOCTOR(NULL, NULL, );
	ck_assert_int_eq(res.exit_code, 1);
	expect_line("fail", "token", "WHOP_API_KEY");
	expect_line("fail", "reached", "not tried: no token");
	ck_assert_uint_eq(stub_journal_count(stub), 0);
}
END_TEST

/* A loopback port that nothing listens on: bound, then closed. */
static int closed_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_ge(fd, 0);
	struct sockaddr_in a = {.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	socklen_t len = sizeof a;
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	close(fd);
	return ntohs(a.sin_port);
}

START_TEST(test_doctor_unreachable)
{
	char url[128];
	snprintf(url, sizeof url, "http://127.0.0.1:%d/api/v1", closed_port());
	DOCTOR(url, STUB_TOKEN_ADA, );
	ck_assert_int_eq(res.exit_code, 1);
	expect_line("fail", "reached", "127.0.0.1");
	/* nothing is claimed about the token or the version */
	ck_assert(!tu_contains(res.out, "accepted"));
	expect_line("ok", "state directory", NULL);
	expect_no_token(STUB_TOKEN_ADA);
}
END_TEST

START_TEST(test_doctor_version_refused)
{
	run_doctor(NULL, STUB_TOKEN_ADA, (const char *const[]){"--api-version",
	           "2024-01-01", "doctor", NULL});
	ck_assert_int_eq(res.exit_code, 1);
	expect_line("ok", "token", "accepted");
	expect_line("fail", "api version", "users 2024-01-01 refused");
}
END_TEST

START_TEST(test_doctor_hostile_answers)
{
	/* a 2xx that is not a user: reached, but says so; no claim on the
	 * token; escapes in the body never reach the terminal */
	stub_fault(stub, &(struct stub_fault){.kind = STUB_FAULT_BODY,
		.status = 200, .count = 1,
		.body = "<html>\x1b]0;pwned\x07</html>", .content_type = "text/html"});
	DOCTOR(NULL, STUB_TOKEN_ADA, );
	ck_assert_int_eq(res.exit_code, 0);
	expect_line("warn", "reached", "not a usable user");
	ck_assert(!tu_contains(res.out, "accepted"));
	ck_assert(!tu_contains(res.out, "\x1b"));
	ck_assert(!tu_contains(res.out, "\x07"));
	/* a 503: reached, the token not refused */
	stub_fault(stub, &(struct stub_fault){.kind = STUB_FAULT_STATUS,
		.status = 503, .count = 1});
	DOCTOR(NULL, STUB_TOKEN_ADA, );
	expect_line("ok", "reached", "HTTP 503");
	expect_line("warn", "token", "HTTP 503");
	/* a reset: not reached; one request only (no repeat) */
	stub_journal_clear(stub);
	stub_fault(stub, &(struct stub_fault){.kind = STUB_FAULT_RESET,
		.count = 0});
	DOCTOR(NULL, STUB_TOKEN_ADA, );
	ck_assert_int_eq(res.exit_code, 1);
	expect_line("fail", "reached", NULL);
	ck_assert_uint_eq(stub_journal_count(stub), 1);
	stub_fault_clear(stub);
	/* a base URL with control characters is refused as a setting */
	DOCTOR("http://127.0.0.1:1/\x1b[2J", STUB_TOKEN_ADA, );
	ck_assert_int_eq(res.exit_code, 1);
	expect_line("fail", "environment", "WHOP_BASE_URL");
	ck_assert(!tu_contains(res.out, "\x1b"));
}
END_TEST

/* What the credential may change: the kind learnt from GET /users/me
 * (capability.h), with and without an account; still one GET. */
START_TEST(test_doctor_credential)
{
	DOCTOR(NULL, STUB_TOKEN_ADA, );
	ck_assert_int_eq(res.exit_code, 0);
	expect_line("ok", "may change", "a user token: your own profile: name, "
	            "username, bio, picture; other people: nothing (look only)");
	DOCTOR(NULL, STUB_API_KEY, );
	expect_line("ok", "may change", "an API key without --account-id: other "
	            "people: nothing (look only; with --account-id: their name "
	            "and picture in that business); me: refused");
	run_doctor(NULL, STUB_API_KEY, (const char *const[]){"--account-id",
	           STUB_ACCOUNT_ID, "doctor", NULL});
	expect_line("ok", "may change", "an API key with account "
	            STUB_ACCOUNT_ID ": other people's override in it: name, "
	            "picture; me: refused");
	run_doctor(NULL, STUB_TOKEN_ADA, (const char *const[]){"--account-id",
	           STUB_ACCOUNT_ID, "doctor", NULL});
	expect_line("ok", "may change", "a user token with account "
	            STUB_ACCOUNT_ID ": your own profile's override: name, picture; "
	            "other people: "
	            "nothing (look only)");
	/* a 503: the kind is not known, and says so */
	stub_journal_clear(stub);
	stub_fault(stub, &(struct stub_fault){.kind = STUB_FAULT_STATUS,
		.status = 503, .count = 1});
	DOCTOR(NULL, STUB_TOKEN_ADA, );
	expect_line("warn", "may change", "not known (GET /users/me answered "
	            "HTTP 503): your own profile: name, username, bio, picture; "
	            "other people: nothing; the server decides");
	ck_assert_uint_eq(stub_journal_count(stub), 1);
	/* a rejected token: no claim */
	DOCTOR(NULL, "pf-test-not-a-known-token", );
	ck_assert(!tu_contains(res.out, "may change"));
}
END_TEST

START_TEST(test_doctor_json)
{
	DOCTOR(NULL, STUB_TOKEN_ADA, "--json", );
	ck_assert_int_eq(res.exit_code, 0);
	cJSON *root = cJSON_Parse(res.out);
	ck_assert_ptr_nonnull(root);
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(root, "ok")));
	cJSON *checks = cJSON_GetObjectItem(root, "checks");
	ck_assert(cJSON_IsArray(checks));
	ck_assert_int_ge(cJSON_GetArraySize(checks), 20);
	bool saw_api = false;
	cJSON *c;
	cJSON_ArrayForEach(c, checks) {
		const char *st = cJSON_GetStringValue(cJSON_GetObjectItem(c, "status"));
		ck_assert(st && (!strcmp(st, "ok") || !strcmp(st, "warn")));
		ck_assert(cJSON_GetStringValue(cJSON_GetObjectItem(c, "section")));
		ck_assert(cJSON_GetStringValue(cJSON_GetObjectItem(c, "name")));
		ck_assert(cJSON_GetStringValue(cJSON_GetObjectItem(c, "detail")));
		if (!strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(c, "section")),
		            "api"))
			saw_api = true;
	}
	ck_assert(saw_api);
	cJSON_Delete(root);
	expect_no_token(STUB_TOKEN_ADA);

	DOCTOR(NULL, "pf-test-not-a-known-token", "--json", );
	ck_assert_int_eq(res.exit_code, 1);
	root = cJSON_Parse(res.out);
	ck_assert_ptr_nonnull(root);
	ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(root, "ok")));
	cJSON_Delete(root);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("doctor");
	TCase *tc = tcase_create("doctor");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_doctor_usage);
	tcase_add_test(tc, test_doctor_healthy);
	tcase_add_test(tc, test_doctor_flag_and_file_sources);
	tcase_add_test(tc, test_doctor_rejected_token);
	tcase_add_test(tc, test_doctor_loose_config_file);
	tcase_add_test(tc, test_doctor_loose_token_file);
	tcase_add_test(tc, test_doctor_no_token);
	tcase_add_test(tc, test_doctor_unreachable);
	tcase_add_test(tc, test_doctor_version_refused);
	tcase_add_test(tc, test_doctor_hostile_answers);
	tcase_add_test(tc, test_doctor_json);
	tcase_add_test(tc, test_doctor_credential);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
