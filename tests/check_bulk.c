/* check_bulk.c - bulk edits and the audit trail's wiring.
 *
 * The row reader (bulk.h) on NULL, empty and hostile input first (invalid
 * UTF-8, NUL bytes, huge lines, unbalanced quotes, wrong cell counts),
 * then CSV quoting and JSONL; the key set, pacing, --rate and the result
 * lines. Then the real profed against the stub (generated people):
 * one invalid row refuses the whole file (journal empty), --dry-run,
 * pacing (15 PATCHes at --rate 600 take at least 1.4 s), a 429 in the
 * middle, --resume after SIGTERM, CSV quoting on the wire, one result
 * line per row, a second run sends nothing; capability in `set`; and the
 * audit trail written by `set` and by bulk edits (0600 in 0700, never the
 * token, the request id, killed between the lines, a symlinked file
 * refused without blocking, `audit = no`, retention).
 */
#include <check.h>
#include <dirent.h>
#include <cjson/cJSON.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bulk.h"
#include "e2e.h"
#include "error.h"
#include "stub.h"
#include "clirun.h"
#include "testutil.h"

/* ---------------------------------------------------------- the reader */

static FILE *mem(const char *text, size_t n)
{
	FILE *f = tmpfile();
	ck_assert_ptr_nonnull(f);
	if (n)
		ck_assert_uint_eq(fwrite(text, 1, n, f), n);
	rewind(f);
	return f;
}
#define MEM(s) mem(s, sizeof(s) - 1)

/* All rows of text: up to 16 into rows[], their count returned. */
static size_t read_all(FILE *f, struct bulk_row rows[16], struct pf_error *err)
{
	struct bulk_reader *r = bulk_reader_new(f, err);
	size_t n = 0;
	ck_assert_ptr_nonnull(r);
	memset(rows, 0, 16 * sizeof rows[0]);
	while (n < 16 && bulk_reader_next(r, &rows[n], err) == 1)
		n++;
	bulk_reader_free(r);
	return n;
}

static void clear_rows(struct bulk_row rows[16])
{
	for (size_t i = 0; i < 16; i++)
		bulk_row_clear(&rows[i]);
}

START_TEST(test_reader_null_empty)
{
	struct pf_error err;
	struct bulk_row rows[16];
	pf_error_clear(&err);
	ck_assert_ptr_null(bulk_reader_new(NULL, &err));
	ck_assert_int_eq(err.kind, PF_ERR_USAGE);
	ck_assert_int_eq(bulk_reader_next(NULL, NULL, &err), -1);
	bulk_reader_free(NULL);
	bulk_row_clear(NULL);
	FILE *f = mem("", 0);
	ck_assert_uint_eq(read_all(f, rows, &err), 0);
	fclose(f);
	f = MEM(" \n\r\n\t\n");
	ck_assert_uint_eq(read_all(f, rows, &err), 0);
	fclose(f);
	/* a header and no rows */
	f = MEM("user,name\r\n");
	ck_assert_uint_eq(read_all(f, rows, &err), 0);
	fclose(f);
	ck_assert_int_eq(bulk_field_of(NULL), -1);
	ck_assert_int_eq(bulk_field_of("user"), -1);
	ck_assert_int_eq(bulk_field_of("picture"), FIELD_PICTURE);
	ck_assert_int_eq(bulk_field_of("profile_picture"), FIELD_PICTURE);
}
END_TEST

START_TEST(test_reader_csv_header_refused)
{
	static const char *const bad[] = {
		"user,nickname\nada,x\n",      /* unknown column */
		"name,bio\nAda,x\n",           /* no user column */
		"user,name,name\nada,a,b\n",   /* a column twice */
		"user,\"na\"me\"\nada,x\n",    /* text after a closing quote */
		"user,n\xff\nada,x\n",         /* not UTF-8 */
		"\xef\xbb" "user\n",           /* half a byte order mark */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct pf_error err;
		pf_error_clear(&err);
		FILE *f = mem(bad[i], strlen(bad[i]));
		ck_assert_msg(bulk_reader_new(f, &err) == NULL, "header %zu", i);
		ck_assert_int_eq(err.kind, PF_ERR_VALIDATION);
		ck_assert_msg(strncmp(err.message, "line 1: ", 8) == 0, "%s",
		              err.message);
		fclose(f);
	}
}
END_TEST

START_TEST(test_reader_csv_quoting)
{
	struct pf_error err;
	struct bulk_row rows[16];
	/* commas, doubled quotes and line breaks inside a quoted bio; CRLF;
	 * an empty cell leaves the field alone; a BOM; a blank line */
	FILE *f = MEM("\xef\xbb\xbfuser,name,bio\r\n"
	              "me,\"Ada, Countess\",\"She said \"\"hi\"\",\nthen\r\nleft\"\r\n"
	              "\r\n"
	              "charles-b,,\"\"\n"
	              "grace-hopper,Grace,plain\n");
	ck_assert_uint_eq(read_all(f, rows, &err), 3);
	fclose(f);
	ck_assert_str_eq(rows[0].error, "");
	ck_assert_uint_eq(rows[0].line, 2);
	ck_assert_str_eq(rows[0].user, "me");
	ck_assert_str_eq(rows[0].values[FIELD_NAME], "Ada, Countess");
	ck_assert_str_eq(rows[0].values[FIELD_BIO],
	                 "She said \"hi\",\nthen\r\nleft");
	ck_assert_ptr_null(rows[0].values[FIELD_USERNAME]);
	/* the bio took lines 2-4, then a blank line 5 */
	ck_assert_uint_eq(rows[1].line, 6);
	ck_assert_str_eq(rows[1].user, "charles-b");
	ck_assert_ptr_null(rows[1].values[FIELD_NAME]);
	ck_assert_ptr_null(rows[1].values[FIELD_BIO]); /* "" is empty too */
	ck_assert_uint_eq(rows[2].line, 7);
	ck_assert_str_eq(rows[2].values[FIELD_BIO], "plain");
	clear_rows(rows);
}
END_TEST

START_TEST(test_reader_csv_hostile)
{
	struct pf_error err;
	struct bulk_row rows[16];
	char nul[] = "user,name\nada,A\0B\nbob,ok\n";
	FILE *f = mem(nul, sizeof nul - 1);
	ck_assert_uint_eq(read_all(f, rows, &err), 2);
	fclose(f);
	ck_assert(tu_contains(rows[0].error, "NUL"));
	ck_assert_str_eq(rows[1].error, "");
	ck_assert_str_eq(rows[1].values[FIELD_NAME], "ok");
	clear_rows(rows);

	f = MEM("user,name\n"
	        "ada,\xc3\x28\n"          /* invalid UTF-8 */
	        "bob,a\"b\n"              /* a quote in an unquoted cell */
	        "cy,x,y\n"                /* three cells */
	        ",Nobody\n"               /* no user */
	        "dan,\"ok\"\n"
	        "eve,\"never closed\nat all\n");
	ck_assert_uint_eq(read_all(f, rows, &err), 6);
	fclose(f);
	ck_assert(tu_contains(rows[0].error, "UTF-8"));
	ck_assert_uint_eq(rows[0].line, 2);
	ck_assert(tu_contains(rows[1].error, "quote"));
	ck_assert(tu_contains(rows[2].error, "3 cells"));
	ck_assert_str_eq(rows[3].error, "no user");
	ck_assert_uint_eq(rows[3].line, 5);
	ck_assert_str_eq(rows[4].error, "");
	ck_assert_str_eq(rows[4].values[FIELD_NAME], "ok");
	ck_assert(tu_contains(rows[5].error, "not closed"));
	ck_assert_uint_eq(rows[5].line, 7);
	clear_rows(rows);

	/* a huge record is reported and not kept; the next row still reads */
	size_t big = BULK_MAX_RECORD + 100;
	char *text = malloc(big + 64);
	ck_assert_ptr_nonnull(text);
	size_t k = (size_t)sprintf(text, "user,bio\nada,\"");
	memset(text + k, 'x', big);
	k += big;
	k += (size_t)sprintf(text + k, "\"\nbob,short\n");
	f = mem(text, k);
	free(text);
	ck_assert_uint_eq(read_all(f, rows, &err), 2);
	fclose(f);
	ck_assert(tu_contains(rows[0].error, "longer than"));
	ck_assert_ptr_null(rows[0].values[FIELD_BIO]);
	ck_assert_str_eq(rows[1].error, "");
	ck_assert_str_eq(rows[1].values[FIELD_BIO], "short");
	clear_rows(rows);
}
END_TEST

START_TEST(test_reader_jsonl)
{
	struct pf_error err;
	struct bulk_row rows[16];
	char text[] =
		"{\"user\":\"me\",\"name\":\"Ada\",\"bio\":\"a\\nb\",\"picture\":null}\n"
		"\n"
		"{\"user\":\"bob\",\"profile_picture\":\"file_1\"}\n"
		"[1,2]\n"
		"{\"user\":\"cy\",\"name\":5}\n"
		"{\"user\":\"dan\",\"nick\":\"x\"}\n"
		"{\"name\":\"nobody\"}\n"
		"{\"user\":\"eve\",\"name\":\"\xff\"}\n"
		"{\"user\":\"fay\",\"name\":\"a\0b\"}\n"
		"{not json\n"
		"{\"user\":\"gus\",\"name\":\"G\",\"name\":\"H\"}";
	FILE *f = mem(text, sizeof text - 1);
	ck_assert_uint_eq(read_all(f, rows, &err), 10);
	fclose(f);
	ck_assert_int_eq(bulk_reader_format(NULL), BULK_JSONL);
	ck_assert_str_eq(rows[0].error, "");
	ck_assert_str_eq(rows[0].values[FIELD_BIO], "a\nb");
	ck_assert_ptr_null(rows[0].values[FIELD_PICTURE]);
	ck_assert_uint_eq(rows[1].line, 3);
	ck_assert_str_eq(rows[1].values[FIELD_PICTURE], "file_1");
	ck_assert_str_eq(rows[2].error, "not a JSON object");
	ck_assert(tu_contains(rows[3].error, "must be a string"));
	ck_assert(tu_contains(rows[4].error, "unknown field 'nick'"));
	ck_assert_str_eq(rows[5].error, "no user");
	ck_assert(tu_contains(rows[6].error, "UTF-8"));
	ck_assert(tu_contains(rows[7].error, "NUL"));
	ck_assert_str_eq(rows[8].error, "not valid JSON");
	ck_assert(tu_contains(rows[9].error, "twice"));
	ck_assert_uint_eq(rows[9].line, 11); /* no newline at the end */
	clear_rows(rows);

	/* a terminal escape in an unknown key is not quoted raw */
	f = MEM("{\"user\":\"a\",\"\x1b]52;c;x\x07\":\"y\"}\n");
	ck_assert_uint_eq(read_all(f, rows, &err), 1);
	fclose(f);
	ck_assert_ptr_null(strchr(rows[0].error, 0x1b));
	ck_assert_ptr_null(strchr(rows[0].error, 0x07));
	clear_rows(rows);
}
END_TEST

START_TEST(test_set_pace_rate_results)
{
	struct bulk_set s = {0};
	ck_assert(!bulk_set_has(&s, 1));
	ck_assert_int_eq(bulk_set_add(NULL, 1), -1);
	for (size_t i = 0; i < 1000; i++)
		ck_assert_int_eq(bulk_set_add(&s, bulk_key("person", i)), 1);
	ck_assert_int_eq(bulk_set_add(&s, bulk_key("PERSON", 5)), 0);
	ck_assert(bulk_set_has(&s, bulk_key("person", 999)));
	ck_assert(!bulk_set_has(&s, bulk_key("person", 1000)));
	ck_assert_uint_eq(s.n, 1000);
	bulk_set_free(&s);
	bulk_set_free(NULL);

	/* 600 a minute: one every 100 ms, never two at once */
	struct bulk_pace p;
	bulk_pace_init(&p, 600);
	ck_assert_int_eq(bulk_pace_rate(&p), 600);
	ck_assert_int_eq(bulk_pace_take(&p, 1000), 0);
	ck_assert_int_eq(bulk_pace_take(&p, 1000), 100);
	ck_assert_int_eq(bulk_pace_take(&p, 1000), 200);
	ck_assert_int_eq(bulk_pace_take(&p, 5000), 0); /* idle: no burst saved */
	ck_assert_int_eq(bulk_pace_take(&p, 5000), 100);
	bulk_pace_slow(&p);
	ck_assert_int_eq(bulk_pace_rate(&p), 451);
	bulk_pace_init(&p, 0);
	ck_assert_int_eq(bulk_pace_take(&p, 1000), 0);
	ck_assert_int_eq(bulk_pace_take(&p, 1000), 0);
	bulk_pace_slow(&p);
	ck_assert_int_eq(bulk_pace_rate(&p), 600);

	struct pf_error err;
	long r = -1;
	pf_error_clear(&err);
	ck_assert_int_eq(bulk_rate_parse("600", &r, &err), 0);
	ck_assert_int_eq(r, 600);
	ck_assert_int_eq(bulk_rate_parse("0", &r, &err), 0);
	static const char *const bad[] = { NULL, "", "601", "-1", "10x", "1e3",
	                                   "99999999999999999999" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_int_eq(bulk_rate_parse(bad[i], &r, &err), -1);
	ck_assert_int_eq(err.kind, PF_ERR_USAGE);

	struct bulk_result res = { .line = 7, .user = "a\"b", .id = NULL,
	                           .outcome = "saved", .status = 200,
	                           .message = "x\ny" };
	res.changed[FIELD_NAME] = res.changed[FIELD_PICTURE] = true;
	char *line = bulk_result_line(&res);
	ck_assert_str_eq(line, "{\"line\":7,\"user\":\"a\\\"b\",\"id\":null,"
	                 "\"changed\":[\"name\",\"picture\"],\"outcome\":\"saved\","
	                 "\"status\":200,\"message\":\"x\\ny\"}\n");
	size_t ln = 0;
	char user[64];
	ck_assert(bulk_result_done(line, strlen(line), &ln, user, sizeof user));
	ck_assert_uint_eq(ln, 7);
	ck_assert_str_eq(user, "a\"b");
	free(line);
	/* a C1 CSI, a bidi override and a stray byte: inert, still JSON */
	res.user = "u\xc2\x9b" "2J\xe2\x80\xae\xff";
	res.message = "m\x1b[31m";
	line = bulk_result_line(&res);
	ck_assert_ptr_nonnull(line);
	ck_assert_ptr_null(strstr(line, "\xc2\x9b"));
	ck_assert_ptr_null(strstr(line, "\xe2\x80\xae"));
	ck_assert_ptr_null(strchr(line, '\x1b'));
	ck_assert_ptr_nonnull(strstr(line, "\"user\":\"u\xef\xbf\xbd" "2J"
	                             "\xef\xbf\xbd\xef\xbf\xbd\""));
	ck_assert_ptr_nonnull(strstr(line, "\"message\":\"m\\u001b[31m\""));
	cJSON *parsed = cJSON_Parse(line);
	ck_assert_ptr_nonnull(parsed);
	cJSON_Delete(parsed);
	free(line);
	ck_assert_ptr_null(bulk_result_line(NULL));
	ck_assert(!bulk_result_done(NULL, 0, NULL, NULL, 0));
	const char *notdone = "{\"line\":3,\"user\":\"x\",\"outcome\":\"not saved\"}";
	ck_assert(!bulk_result_done(notdone, strlen(notdone), NULL, NULL, 0));
	ck_assert(!bulk_result_done("{\"line\":", 8, NULL, NULL, 0));
}
END_TEST

/* ---------------------------------------------- the binary, end to end */

static struct stub *stub;
static char *home;
static struct tu_result res;
static char state[4200], audit_dir[4300];

static void e2e_up(size_t people)
{
	struct stub_opts o = { .fixtures_dir = TEST_FIXTURES_DIR, .quiet = true,
	                       .people = people };
	stub = stub_start(&o);
	ck_assert_ptr_nonnull(stub);
	home = tu_tempdir();
	snprintf(state, sizeof state, "%s/state", home);
	snprintf(audit_dir, sizeof audit_dir, "%s/profed/audit", state);
	memset(&res, 0, sizeof res);
}

static void setup(void) { e2e_up(40); }

static void teardown(void) { cli_teardown(stub, &home, &res); }

/* The environment for a run as token (static storage: one at a time). */
static const char *const *env_for(const char *token)
{
	static char base[256], tok[256], h[4200], xdg[4300], st[4300];
	static const char *env[12];
	snprintf(base, sizeof base, "WHOP_BASE_URL=%s", stub_base_url(stub));
	snprintf(tok, sizeof tok, "WHOP_API_KEY=%s", token);
	snprintf(h, sizeof h, "HOME=%s", home);
	snprintf(xdg, sizeof xdg, "XDG_CONFIG_HOME=%s/config", home);
	snprintf(st, sizeof st, "XDG_STATE_HOME=%s", state);
	const char *e[] = { base, tok, h, xdg, st, "TZ=UTC", "LANG=C.UTF-8",
	                    "PATH=/usr/bin:/bin", NULL };
	memcpy(env, e, sizeof e);
	return env;
}

static void run_as(const char *token, const char *in, const char *const args[])
{
	cli_run(&res, stub_base_url(stub), home, state, token, in, args, 60000);
}
#define RUN(token, in, ...) run_as(token, in, (const char *const[]){__VA_ARGS__, NULL})
#define ACCT "--account-id=" STUB_ACCOUNT_ID

/* A file in home with text; its path (static, one per slot). */
static const char *home_file(int slot, const char *name, const char *text)
{
	static char path[4][4300];
	snprintf(path[slot], sizeof path[slot], "%s/%s", home, name);
	ck_assert_int_eq(tu_write_file(path[slot], text, (size_t)-1, 0600), 0);
	return path[slot];
}

/* n rows renaming person-0001.. to "Renamed K" (CSV). Caller frees. */
static char *rename_rows(size_t from, size_t n)
{
	char *t = malloc(64 * (n + 1));
	size_t k = (size_t)sprintf(t, "user,name\n");
	for (size_t i = from; i < from + n; i++)
		k += (size_t)sprintf(t + k, "person-%04zu,Renamed %zu\n", i, i);
	return t;
}

static size_t count_lines(const char *s)
{
	size_t n = 0;
	for (; s && *s; s++)
		n += *s == '\n';
	return n;
}

START_TEST(test_bulk_one_bad_row_refuses_all)
{
	const char *in = home_file(0, "in.jsonl",
		"{\"user\":\"person-0001\",\"name\":\"Ok\"}\n"
		"{\"user\":\"person-0002\",\"name\":\"a\\nb\"}\n"   /* rule broken */
		"{\"user\":\"person-0003\",\"bio\":\"no\"}\n"      /* capability */
		"{\"user\":\"PERSON-0001\",\"name\":\"Again\"}\n"  /* same user */
		"{\"user\":\"person-0005\",\"nick\":\"x\"}\n"      /* unknown */
		"{\"name\":\"who\"}\n");                           /* no user */
	RUN(STUB_API_KEY, NULL, ACCT, "set", "--from", in, "--yes", "--rate", "0");
	ck_assert_msg(res.exit_code == PF_EXIT_VALIDATION, "%d %s", res.exit_code,
	              res.err);
	ck_assert_uint_eq(stub_journal_count(stub), 0);
	ck_assert(tu_contains(res.err, "line 2: Name"));
	ck_assert(tu_contains(res.err, "line 3: Bio: An account override"));
	ck_assert(tu_contains(res.err, "line 4: the same user"));
	ck_assert(tu_contains(res.err, "line 5: unknown field 'nick'"));
	ck_assert(tu_contains(res.err, "line 6: no user"));
	ck_assert(!tu_contains(res.err, "line 1:"));
	ck_assert(tu_contains(res.err, "5 bad rows: nothing was sent"));
	ck_assert_str_eq(res.out, "");
	ck_assert(access(audit_dir, F_OK) != 0);
}
END_TEST

START_TEST(test_bulk_usage)
{
	char *rows = rename_rows(1, 2);
	const char *in = home_file(0, "in.csv", rows);
	free(rows);
	RUN(STUB_API_KEY, NULL, ACCT, "set", "--from", in);        /* no --yes */
	ck_assert_int_eq(res.exit_code, PF_EXIT_USAGE);
	ck_assert(tu_contains(res.err, "--yes"));
	RUN(STUB_API_KEY, NULL, ACCT, "set", "--from", in, "--yes", "--rate", "601");
	ck_assert_int_eq(res.exit_code, PF_EXIT_USAGE);
	RUN(STUB_API_KEY, NULL, ACCT, "set", "person-0001", "--from", in, "--yes");
	ck_assert_int_eq(res.exit_code, PF_EXIT_USAGE);
	RUN(STUB_API_KEY, NULL, ACCT, "set", "--name", "x", "--from", in, "--yes");
	ck_assert_int_eq(res.exit_code, PF_EXIT_USAGE);
	RUN(STUB_API_KEY, NULL, ACCT, "set", "--from", in, "--yes", "--resume");
	ck_assert_int_eq(res.exit_code, PF_EXIT_USAGE);
	RUN(STUB_API_KEY, NULL, ACCT, "set", "--name", "x", "--rate", "5");
	ck_assert_int_eq(res.exit_code, PF_EXIT_USAGE);
	RUN(STUB_API_KEY, NULL, ACCT, "set", "--from", "/nonexistent/x", "--yes");
	ck_assert_int_eq(res.exit_code, PF_EXIT_OTHER);
	/* --rate 0 only on loopback: refused before anything is read */
	RUN(STUB_API_KEY, NULL, ACCT, "--base-url", "https://api.example.invalid/v1",
	    "set", "--from", in, "--yes", "--rate", "0");
	ck_assert_int_eq(res.exit_code, PF_EXIT_USAGE);
	ck_assert(tu_contains(res.err, "only for an API on loopback"));
	ck_assert_uint_eq(stub_journal_count(stub), 0);
}
END_TEST

START_TEST(test_bulk_dry_run)
{
	const char *in = home_file(0, "in.csv", "user,name\nperson-0001,Dry One\n"
	                           "person-0002,\n");
	RUN(STUB_API_KEY, NULL, ACCT, "set", "--from", in, "--dry-run");
	ck_assert_msg(res.exit_code == 0, "%d %s", res.exit_code, res.err);
	ck_assert(tu_contains(res.out, "line 2 person-0001:"));
	ck_assert(tu_contains(res.out, "->  Dry One"));
	ck_assert(!tu_contains(res.out, "person-0002:"));
	ck_assert_uint_eq(stub_journal_count_of(stub, "PATCH", NULL), 0);
	ck_assert_uint_eq(stub_journal_count_of(stub, "GET", NULL), 2);
	ck_assert(access(audit_dir, F_OK) != 0);
}
END_TEST

START_TEST(test_bulk_saves_results_second_run_nothing)
{
	char *rows = rename_rows(1, 6);
	const char *in = home_file(0, "in.csv", rows);
	free(rows);
	char results[4300];
	snprintf(results, sizeof results, "%s/results.jsonl", home);
	RUN(STUB_API_KEY, NULL, ACCT, "set", "--from", in, "--yes", "--rate", "0",
	    "--results", results);
	ck_assert_msg(res.exit_code == 0, "%d %s", res.exit_code, res.err);
	ck_assert_uint_eq(stub_journal_count_of(stub, "GET", NULL), 6);
	ck_assert_uint_eq(stub_journal_count_of(stub, "PATCH", NULL), 6);
	struct stub_request *p = stub_journal_nth(stub, "PATCH", NULL, 0);
	ck_assert_str_eq(p->path, "/api/v1/users/user_Bulk0000000001");
	ck_assert_str_eq(p->query, "account_id=" STUB_ACCOUNT_ID);
	ck_assert_str_eq(p->body, "{\"name\":\"Renamed 1\"}");
	stub_request_free(p);
	/* one result line per row, in order */
	char *text = tu_read_file(results, NULL);
	ck_assert_uint_eq(count_lines(text), 6);
	struct stat st;
	ck_assert_int_eq(stat(results, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	char *nl = strchr(text, '\n');
	*nl = '\0';
	cJSON *first = cJSON_Parse(text);
	ck_assert_int_eq(cJSON_GetObjectItem(first, "line")->valueint, 2);
	ck_assert_str_eq(cJSON_GetObjectItem(first, "user")->valuestring, "person-0001");
	ck_assert_str_eq(cJSON_GetObjectItem(first, "id")->valuestring, "user_Bulk0000000001");
	ck_assert_str_eq(cJSON_GetArrayItem(cJSON_GetObjectItem(first, "changed"), 0)->valuestring, "name");
	ck_assert_str_eq(cJSON_GetObjectItem(first, "outcome")->valuestring, "saved");
	ck_assert_int_eq(cJSON_GetObjectItem(first, "status")->valueint, 200);
	cJSON_Delete(first);
	free(text);

	/* the audit trail: two lines a PATCH, mode bulk, never the token */
	char path[4400];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	size_t k = (size_t)snprintf(path, sizeof path, "%s/", audit_dir);
	strftime(path + k, sizeof path - k, "%Y-%m-%d.jsonl", &tm);
	text = tu_read_file(path, NULL);
	ck_assert_ptr_nonnull(text);
	ck_assert_uint_eq(count_lines(text), 12);
	ck_assert(tu_contains(text, "\"mode\":\"bulk\""));
	ck_assert(tu_contains(text, "\"request_id\":\"req_stub"));
	ck_assert(!tu_contains(text, STUB_API_KEY));
	free(text);

	/* a second run reads each once and sends nothing (stdout results) */
	stub_journal_clear(stub);
	RUN(STUB_API_KEY, NULL, ACCT, "set", "--from", in, "--yes", "--rate", "0");
	ck_assert_msg(res.exit_code == 0, "%d %s", res.exit_code, res.err);
	ck_assert_uint_eq(stub_journal_count_of(stub, "PATCH", NULL), 0);
	ck_assert_uint_eq(stub_journal_count_of(stub, "GET", NULL), 6);
	ck_assert_uint_eq(count_lines(res.out), 6);
	ck_assert(tu_contains(res.out, "\"outcome\":\"unchanged\""));
	ck_assert(!tu_contains(res.out, "\"saved\""));
}
END_TEST

START_TEST(test_bulk_csv_quoting_on_the_wire)
{
	/* the credential's own profile may change its bio: a user token */
	const char *in = home_file(0, "in.csv",
		"user,bio,name\n"
		"me,\"one, \"\"two\"\"\nthree\",\"Ada, Countess\"\n");
	RUN(STUB_TOKEN_ADA, "", "set", "--from", in, "--yes", "--rate", "0");
	ck_assert_msg(res.exit_code == 0, "%d %s", res.exit_code, res.err);
	struct stub_request *p = stub_journal_nth(stub, "PATCH", NULL, 0);
	ck_assert_ptr_nonnull(p);
	cJSON *b = cJSON_Parse(p->body);
	ck_assert_str_eq(cJSON_GetObjectItem(b, "bio")->valuestring,
	                 "one, \"two\"\nthree");
	ck_assert_str_eq(cJSON_GetObjectItem(b, "name")->valuestring, "Ada, Countess");
	cJSON_Delete(b);
	stub_request_free(p);
	/* the same from standard input ("-"): nothing left to send */
	char *text = tu_read_file(in, NULL);
	stub_journal_clear(stub);
	RUN(STUB_TOKEN_ADA, text, "set", "--from", "-", "--yes", "--rate", "0");
	free(text);
	ck_assert_msg(res.exit_code == 0, "%d %s", res.exit_code, res.err);
	ck_assert_uint_eq(stub_journal_count_of(stub, "PATCH", NULL), 0);
	ck_assert(tu_contains(res.out, "\"outcome\":\"unchanged\""));
}
END_TEST

START_TEST(test_bulk_pacing)
{
	char *rows = rename_rows(1, 15);
	const char *in = home_file(0, "in.csv", rows);
	free(rows);
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	RUN(STUB_API_KEY, NULL, ACCT, "set", "--from", in, "--yes", "--rate", "600");
	clock_gettime(CLOCK_MONOTONIC, &b);
	ck_assert_msg(res.exit_code == 0, "%d %s", res.exit_code, res.err);
	ck_assert_uint_eq(stub_journal_count_of(stub, "PATCH", NULL), 15);
	double s = (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
	ck_assert_msg(s >= 1.4, "15 PATCHes at --rate 600 took %.3f s", s);
	/* --rate 0 is for loopback: the stub is */
}
END_TEST

/* Aim a 429 at the third PATCH: the first two take a 1 ms delay. */
static void *aim_429(void *arg)
{
	(void)arg;
	for (int i = 0; i < 6000 && stub_fault_pending(stub); i++)
		usleep(2000);
	struct stub_fault f = { .kind = STUB_FAULT_RATE_LIMIT, .count = 1,
	                        .seconds = 1, .method = "PATCH" };
	stub_fault(stub, &f);
	return NULL;
}

START_TEST(test_bulk_429_in_the_middle)
{
	char *rows = rename_rows(1, 6);
	const char *in = home_file(0, "in.csv", rows);
	free(rows);
	struct stub_fault d = { .kind = STUB_FAULT_DELAY, .count = 2,
	                        .delay_ms = 1, .method = "PATCH" };
	stub_fault(stub, &d);
	pthread_t th;
	ck_assert_int_eq(pthread_create(&th, NULL, aim_429, NULL), 0);
	/* --rate 600: the 429 lands while the next PATCH is still paced */
	RUN(STUB_API_KEY, NULL, ACCT, "set", "--from", in, "--yes", "--rate", "600");
	pthread_join(th, NULL);
	ck_assert_msg(res.exit_code == 0, "%d %s %s", res.exit_code, res.err, res.out);
	/* six saved, seven PATCHes: the third was limited, waited out (1 s)
	 * and sent again */
	ck_assert_uint_eq(stub_journal_count_of(stub, "PATCH", NULL), 7);
	struct stub_request *p = stub_journal_nth(stub, "PATCH", NULL, 2);
	ck_assert_int_eq(p->status, 429);
	stub_request_free(p);
	p = stub_journal_nth(stub, "PATCH", NULL, 3);
	ck_assert_int_eq(p->status, 200);
	ck_assert_str_eq(p->body, "{\"name\":\"Renamed 3\"}");
	stub_request_free(p);
	ck_assert_uint_eq(count_lines(res.out), 6);
	ck_assert(!tu_contains(res.out, "not saved"));
}
END_TEST

/* Start profed with args in the background, stdout/stderr to files. */
static pid_t spawn(const char *token, const char *out, const char *errf,
                   const char *const args[])
{
	const char *argv[40] = { PROFED_BIN };
	size_t n = 1;
	for (; args[n - 1] && n < 39; n++)
		argv[n] = args[n - 1];
	argv[n] = NULL;
	const char *const *env = env_for(token);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int e = open(errf, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int i = open("/dev/null", O_RDONLY);
		dup2(i, 0);
		dup2(o, 1);
		dup2(e, 2);
		execve(argv[0], (char *const *)argv, (char *const *)env);
		_exit(127);
	}
	return pid;
}

static int wait_exit(pid_t pid)
{
	int st;
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

START_TEST(test_bulk_resume_after_sigterm)
{
	char *rows = rename_rows(1, 30);
	const char *in = home_file(0, "in.csv", rows);
	free(rows);
	char results[4300], out[4300], errf[4300];
	snprintf(results, sizeof results, "%s/results.jsonl", home);
	snprintf(out, sizeof out, "%s/out", home);
	snprintf(errf, sizeof errf, "%s/err", home);
	pid_t pid = spawn(STUB_API_KEY, out, errf, (const char *const[]){ ACCT,
		"set", "--from", in, "--yes", "--rate", "600", "--results",
		results, NULL });
	for (int i = 0; i < 2000 && stub_journal_count_of(stub, "PATCH", NULL) < 5;
	     i++)
		usleep(5000);
	ck_assert_uint_ge(stub_journal_count_of(stub, "PATCH", NULL), 5);
	kill(pid, SIGTERM);
	ck_assert_int_eq(wait_exit(pid), PF_EXIT_OTHER);
	size_t sent = stub_journal_count_of(stub, "PATCH", NULL);
	ck_assert_uint_lt(sent, 30);
	char *err = tu_read_file(errf, NULL);
	ck_assert_msg(tu_contains(err, "--resume --yes"), "%s", err);
	ck_assert(tu_contains(err, "stopped after"));
	free(err);
	/* every request that went out has its result line: none lost */
	char *text = tu_read_file(results, NULL);
	size_t written = count_lines(text);
	ck_assert_uint_ge(written, sent);
	ck_assert_uint_le(written, sent + 1); /* a row stopped after its GET */
	free(text);

	/* --resume: only the rows not yet saved are read and sent */
	stub_journal_clear(stub);
	RUN(STUB_API_KEY, NULL, ACCT, "set", "--from", in, "--yes", "--rate", "0",
	    "--results", results, "--resume");
	ck_assert_msg(res.exit_code == 0, "%d %s", res.exit_code, res.err);
	ck_assert_uint_eq(stub_journal_count_of(stub, "PATCH", NULL), 30 - sent);
	ck_assert_uint_eq(stub_journal_count_of(stub, "GET", NULL), 30 - sent);
	/* each row saved exactly once over the two runs, each in the file */
	text = tu_read_file(results, NULL);
	ck_assert_uint_eq(count_lines(text), written + 30 - sent);
	for (size_t i = 1; i <= 30; i++) {
		char want[96];
		snprintf(want, sizeof want, "\"user\":\"person-%04zu\",\"id\":"
		         "\"user_Bulk%010zu\",\"changed\":[\"name\"],\"outcome\":"
		         "\"saved\"", i, i);
		const char *at = strstr(text, want);
		ck_assert_msg(at != NULL, "row %zu not saved", i);
		ck_assert_msg(strstr(at + 1, want) == NULL, "row %zu saved twice", i);
	}
	free(text);
}
END_TEST

/* ------------------------------------------- capability and the trail */

START_TEST(test_set_capability_refused_locally)
{
	RUN(STUB_API_KEY, NULL, ACCT, "set", STUB_CHARLES_ID, "--bio", "x", "--yes");
	ck_assert_int_eq(res.exit_code, PF_EXIT_VALIDATION);
	ck_assert(tu_contains(res.err, "can change only Name and Picture"));
	RUN(STUB_TOKEN_ADA, NULL, "set", "charles-b", "--name", "x", "--yes");
	ck_assert_int_eq(res.exit_code, PF_EXIT_VALIDATION);
	ck_assert(tu_contains(res.err, "Look only"));
	ck_assert_uint_eq(stub_journal_count(stub), 0);
	ck_assert(access(audit_dir, F_OK) != 0);
}
END_TEST

/* Today's audit file path. */
static void today_file(char *path, size_t n)
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	size_t k = (size_t)snprintf(path, n, "%s/", audit_dir);
	strftime(path + k, n - k, "%Y-%m-%d.jsonl", &tm);
}

START_TEST(test_set_writes_the_trail)
{
	RUN(STUB_TOKEN_ADA, NULL, "set", "--name", "Ada Audited", "--yes");
	ck_assert_msg(res.exit_code == 0, "%d %s", res.exit_code, res.err);
	char path[4400];
	today_file(path, sizeof path);
	struct stat st;
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	ck_assert_int_eq(stat(audit_dir, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0700);
	char *text = tu_read_file(path, NULL);
	ck_assert_uint_eq(count_lines(text), 2);
	ck_assert(!tu_contains(text, STUB_TOKEN_ADA));
	char *nl = strchr(text, '\n');
	*nl = '\0';
	cJSON *in = cJSON_Parse(text), *out = cJSON_Parse(nl + 1);
	ck_assert_str_eq(cJSON_GetObjectItem(in, "phase")->valuestring, "intent");
	ck_assert_str_eq(cJSON_GetObjectItem(in, "mode")->valuestring, "set");
	ck_assert_str_eq(cJSON_GetObjectItem(in, "user_id")->valuestring, STUB_ADA_ID);
	ck_assert_str_eq(cJSON_GetObjectItem(in, "username")->valuestring, "ada-lovelace");
	cJSON *ch = cJSON_GetArrayItem(cJSON_GetObjectItem(in, "changes"), 0);
	ck_assert_str_eq(cJSON_GetObjectItem(ch, "field")->valuestring, "name");
	ck_assert_str_eq(cJSON_GetObjectItem(ch, "new")->valuestring, "Ada Audited");
	cJSON *cred = cJSON_GetObjectItem(in, "credential");
	/* learnt from the answer to GET /users/me, no extra request */
	ck_assert_str_eq(cJSON_GetObjectItem(cred, "kind")->valuestring, "user");
	ck_assert_str_eq(cJSON_GetObjectItem(cred, "source")->valuestring, "environment");
	ck_assert_str_eq(cJSON_GetObjectItem(cred, "last4")->valuestring, "-ada");
	ck_assert_str_eq(cJSON_GetObjectItem(out, "id")->valuestring,
	                 cJSON_GetObjectItem(in, "id")->valuestring);
	ck_assert_str_eq(cJSON_GetObjectItem(out, "outcome")->valuestring, "saved");
	ck_assert_int_eq(cJSON_GetObjectItem(out, "status")->valueint, 200);
	/* the stub's X-Request-Id of the PATCH (the 2nd request) */
	ck_assert_str_eq(cJSON_GetObjectItem(out, "request_id")->valuestring,
	                 "req_stub000002");
	cJSON_Delete(in);
	cJSON_Delete(out);
	free(text);

	/* a refused PATCH: not saved, with the status */
	RUN(STUB_TOKEN_ADA, NULL, "set", "--username", "charles-b", "--yes");
	ck_assert_int_eq(res.exit_code, PF_EXIT_VALIDATION);
	text = tu_read_file(path, NULL);
	ck_assert_uint_eq(count_lines(text), 4);
	ck_assert(tu_contains(text, "\"outcome\":\"not saved\",\"status\":422"));
	free(text);
	ck_assert_uint_eq(stub_journal_count_of(stub, "PATCH", NULL), 2);
}
END_TEST

START_TEST(test_set_killed_between_lines)
{
	char out[4300], errf[4300], path[4400];
	snprintf(out, sizeof out, "%s/out", home);
	snprintf(errf, sizeof errf, "%s/err", home);
	today_file(path, sizeof path);
	struct stub_fault d = { .kind = STUB_FAULT_DELAY, .count = 1,
	                        .delay_ms = 5000, .method = "PATCH" };
	stub_fault(stub, &d);
	pid_t pid = spawn(STUB_TOKEN_ADA, out, errf, (const char *const[]){
		"set", "--name", "Never Known", "--yes", NULL });
	for (int i = 0; i < 1000 && stub_fault_pending(stub); i++)
		usleep(5000);
	ck_assert(!stub_fault_pending(stub)); /* the PATCH is at the server */
	kill(pid, SIGKILL);
	ck_assert_int_eq(wait_exit(pid), 128 + SIGKILL);
	char *text = tu_read_file(path, NULL);
	ck_assert_ptr_nonnull(text);
	ck_assert_uint_eq(count_lines(text), 1);
	ck_assert(tu_contains(text, "\"phase\":\"intent\""));
	ck_assert(tu_contains(text, "Never Known"));
	free(text);
}
END_TEST

START_TEST(test_set_trail_refused_never_blocks)
{
	char path[4400], target[4400];
	today_file(path, sizeof path);
	snprintf(target, sizeof target, "%s/elsewhere", home);
	ck_assert_int_eq(tu_write_file(target, "", 0, 0600), 0);
	char d[4300];
	snprintf(d, sizeof d, "%s/profed", state);
	ck_assert_int_eq(mkdir(state, 0700), 0);
	ck_assert_int_eq(mkdir(d, 0700), 0);
	ck_assert_int_eq(mkdir(audit_dir, 0700), 0);
	ck_assert_int_eq(symlink(target, path), 0);
	RUN(STUB_TOKEN_ADA, NULL, "set", "--name", "Ada Sym", "--yes");
	ck_assert_msg(res.exit_code == 0, "%d %s", res.exit_code, res.err);
	ck_assert(tu_contains(res.out, "Saved."));
	ck_assert_uint_eq(stub_journal_count_of(stub, "PATCH", NULL), 1);
	/* said once, on stderr */
	const char *w = strstr(res.err, "warning:");
	ck_assert_msg(w != NULL, "%s", res.err);
	ck_assert_ptr_null(strstr(w + 1, "warning:"));
	ck_assert(tu_contains(res.err, "audit"));
	char *t = tu_read_file(target, NULL);
	ck_assert_str_eq(t, "");
	free(t);

	/* a loose directory too: bulk edits go on and say it once */
	unlink(path);
	ck_assert_int_eq(chmod(audit_dir, 0755), 0);
	char *rows = rename_rows(1, 3);
	const char *in = home_file(0, "in.csv", rows);
	free(rows);
	RUN(STUB_API_KEY, NULL, ACCT, "set", "--from", in, "--yes", "--rate", "0");
	ck_assert_msg(res.exit_code == 0, "%d %s", res.exit_code, res.err);
	ck_assert_uint_eq(stub_journal_count_of(stub, "PATCH", NULL), 4);
	w = strstr(res.err, "warning:");
	ck_assert_msg(w != NULL, "%s", res.err);
	ck_assert_ptr_null(strstr(w + 1, "warning:"));
}
END_TEST

START_TEST(test_set_audit_no_and_retention)
{
	char cfgdir[4300], cfgfile[4400];
	snprintf(cfgdir, sizeof cfgdir, "%s/config", home);
	ck_assert_int_eq(mkdir(cfgdir, 0700), 0);
	snprintf(cfgdir, sizeof cfgdir, "%s/config/profed", home);
	ck_assert_int_eq(mkdir(cfgdir, 0700), 0);
	snprintf(cfgfile, sizeof cfgfile, "%s/config", cfgdir);
	ck_assert_int_eq(tu_write_file(cfgfile, "audit = no\n", (size_t)-1, 0600), 0);
	RUN(STUB_TOKEN_ADA, NULL, "set", "--name", "Ada Quiet", "--yes");
	ck_assert_msg(res.exit_code == 0, "%d %s", res.exit_code, res.err);
	ck_assert_uint_eq(stub_journal_count_of(stub, "PATCH", NULL), 1);
	ck_assert(access(audit_dir, F_OK) != 0);

	/* retention: a day older than audit-days goes at start */
	ck_assert_int_eq(tu_write_file(cfgfile, "audit-days = 30\n", (size_t)-1,
	                               0600), 0);
	char d[4300], old[4400], keep[4400];
	snprintf(d, sizeof d, "%s/profed", state);
	ck_assert_int_eq(mkdir(state, 0700), 0);
	ck_assert_int_eq(mkdir(d, 0700), 0);
	ck_assert_int_eq(mkdir(audit_dir, 0700), 0);
	snprintf(old, sizeof old, "%s/2020-01-01.jsonl", audit_dir);
	snprintf(keep, sizeof keep, "%s/notes.txt", audit_dir);
	ck_assert_int_eq(tu_write_file(old, "{}\n", (size_t)-1, 0600), 0);
	ck_assert_int_eq(tu_write_file(keep, "x", (size_t)-1, 0600), 0);
	RUN(STUB_TOKEN_ADA, NULL, "set", "--name", "Ada Kept", "--yes");
	ck_assert_msg(res.exit_code == 0, "%d %s", res.exit_code, res.err);
	ck_assert(access(old, F_OK) != 0);
	ck_assert_int_eq(access(keep, F_OK), 0);
	char path[4400];
	today_file(path, sizeof path);
	char *text = tu_read_file(path, NULL);
	ck_assert_uint_eq(count_lines(text), 2);
	free(text);
}
END_TEST

/* ------------------------------------------- the editor (in a pty) */

/* Today's audit file under e2e's state directory. */
static void editor_audit_file(char *path, size_t n)
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	size_t k = (size_t)snprintf(path, n, "%s/profed/audit/", e2e.state);
	strftime(path + k, n - k, "%Y-%m-%d.jsonl", &tm);
}

/* Open me, rename Ada, submit and confirm. */
static void editor_rename(const char *new_name)
{
	struct tui *t = e2e_start(STUB_TOKEN_ADA, NULL, 24, 80);
	ck_assert(tui_wait_text(t, "Ada Lovelace", TUI_WAIT_MS));
	e2e_keys(TUI_KEY_END);
	for (size_t i = strlen("Ada Lovelace"); i > 0; i--)
		e2e_keys(TUI_KEY_BACKSPACE);
	e2e_keys(new_name);
	ck_assert(tui_wait_text(t, new_name, TUI_WAIT_MS));
	e2e_keys(TUI_CTRL_S);
	ck_assert(tui_wait_text(t, "Send to", TUI_WAIT_MS));
	e2e_keys("y");
	ck_assert(e2e_wait_requests("PATCH", NULL, 1, TUI_WAIT_MS));
}

START_TEST(test_editor_writes_the_trail)
{
	char path[4400];
	editor_rename("Ada Trail");
	ck_assert(tui_wait_text(e2e.t, "Saved at", TUI_WAIT_MS));
	e2e_keys(TUI_CTRL_Q);
	ck_assert_int_eq(tui_wait_exit(e2e.t, TUI_WAIT_MS), 0);
	editor_audit_file(path, sizeof path);
	struct stat st;
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	char *text = tu_read_file(path, NULL);
	ck_assert_uint_eq(count_lines(text), 2);
	ck_assert(!tu_contains(text, STUB_TOKEN_ADA));
	char *nl = strchr(text, '\n');
	*nl = '\0';
	cJSON *in = cJSON_Parse(text), *out = cJSON_Parse(nl + 1);
	ck_assert_str_eq(cJSON_GetObjectItem(in, "mode")->valuestring, "editor");
	ck_assert_str_eq(cJSON_GetObjectItem(in, "phase")->valuestring, "intent");
	ck_assert_str_eq(cJSON_GetObjectItem(in, "user_id")->valuestring, STUB_ADA_ID);
	cJSON *ch = cJSON_GetArrayItem(cJSON_GetObjectItem(in, "changes"), 0);
	ck_assert_str_eq(cJSON_GetObjectItem(ch, "old")->valuestring, "Ada Lovelace");
	ck_assert_str_eq(cJSON_GetObjectItem(ch, "new")->valuestring, "Ada Trail");
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(in, "credential"),
	                 "kind")->valuestring, "user");
	ck_assert_str_eq(cJSON_GetObjectItem(out, "outcome")->valuestring, "saved");
	ck_assert_int_eq(cJSON_GetObjectItem(out, "status")->valueint, 200);
	cJSON_Delete(in);
	cJSON_Delete(out);
	free(text);
}
END_TEST

START_TEST(test_editor_trail_refused_said_once)
{
	char d[4300];
	/* a loose audit directory: refused, the edit goes out all the same */
	snprintf(d, sizeof d, "%s/profed", e2e.state);
	mkdir(d, 0700);
	snprintf(d, sizeof d, "%s/profed/audit", e2e.state);
	ck_assert_int_eq(mkdir(d, 0700), 0);
	ck_assert_int_eq(chmod(d, 0777), 0);
	editor_rename("Ada Loose");
	ck_assert(tui_wait_text(e2e.t, "Audit trail not written (the change was "
	                        "sent)", TUI_WAIT_MS));
	ck_assert_uint_eq(e2e_count("PATCH", NULL), 1);
	char *u = stub_get_user(e2e.stub, STUB_ADA_ID);
	ck_assert(tu_contains(u, "Ada Loose"));
	free(u);
	DIR *dir = opendir(d);
	ck_assert_ptr_nonnull(dir);
	for (struct dirent *de; (de = readdir(dir));)
		ck_assert_msg(de->d_name[0] == '.', "%s written", de->d_name);
	closedir(dir);
	e2e_keys(TUI_CTRL_Q);
	ck_assert_int_eq(tui_wait_exit(e2e.t, TUI_WAIT_MS), 0);
}
END_TEST

START_TEST(test_bulk_on_a_terminal_asks_and_shows_progress)
{
	char in[4300], results[4300];
	snprintf(in, sizeof in, "%s/rows.csv", e2e.home);
	snprintf(results, sizeof results, "%s/results.jsonl", e2e.home);
	ck_assert_int_eq(tu_write_file(in, "user,name\ncharles-b,Charles T\n"
	                               "grace-hopper,\nalan-t,Alan T\n",
	                               (size_t)-1, 0600), 0);
	const char *args[] = { ACCT, "set", "--from", in, "--rate", "600",
	                       "--results", results, NULL };
	struct tui *t = e2e_start(STUB_API_KEY, args, 24, 100);
	ck_assert(tui_wait_text(t, "Read and update up to 3 profiles? [y/N]",
	                        TUI_WAIT_MS));
	ck_assert_uint_eq(e2e_count(NULL, NULL), 0); /* nothing before yes */
	e2e_keys("y\r");
	ck_assert(tui_wait_text(t, "3/3 done, 2 changed, 1 unchanged, 0 failed, "
	                        "600/min, ETA 0m00s", TUI_WAIT_MS));
	ck_assert_int_eq(tui_wait_exit(t, TUI_WAIT_MS), 0);
	ck_assert_uint_eq(e2e_count("PATCH", NULL), 2);
	char *text = tu_read_file(results, NULL);
	ck_assert_uint_eq(count_lines(text), 3);
	free(text);
}
END_TEST

static Suite *bulk_suite(void)
{
	Suite *s = suite_create("bulk");
	TCase *tc = tcase_create("reader");
	tcase_add_test(tc, test_reader_null_empty);
	tcase_add_test(tc, test_reader_csv_header_refused);
	tcase_add_test(tc, test_reader_csv_quoting);
	tcase_add_test(tc, test_reader_csv_hostile);
	tcase_add_test(tc, test_reader_jsonl);
	tcase_add_test(tc, test_set_pace_rate_results);
	suite_add_tcase(s, tc);

	tc = tcase_create("end to end");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_bulk_one_bad_row_refuses_all);
	tcase_add_test(tc, test_bulk_usage);
	tcase_add_test(tc, test_bulk_dry_run);
	tcase_add_test(tc, test_bulk_saves_results_second_run_nothing);
	tcase_add_test(tc, test_bulk_csv_quoting_on_the_wire);
	tcase_add_test(tc, test_bulk_pacing);
	tcase_add_test(tc, test_bulk_429_in_the_middle);
	tcase_add_test(tc, test_bulk_resume_after_sigterm);
	tcase_add_test(tc, test_set_capability_refused_locally);
	tcase_add_test(tc, test_set_writes_the_trail);
	tcase_add_test(tc, test_set_killed_between_lines);
	tcase_add_test(tc, test_set_trail_refused_never_blocks);
	tcase_add_test(tc, test_set_audit_no_and_retention);
	suite_add_tcase(s, tc);

	tc = tcase_create("editor");
	tcase_add_checked_fixture(tc, e2e_setup, e2e_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_editor_writes_the_trail);
	tcase_add_test(tc, test_editor_trail_refused_said_once);
	tcase_add_test(tc, test_bulk_on_a_terminal_asks_and_shows_progress);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run_suite(bulk_suite());
}
