/* check_audit.c - the audit trail (audit.h): where and how it is written
 * (0600 in 0700, O_APPEND, two lines sharing an id, never the token), what
 * is refused (loose, symlinked, foreign), `audit = no`, retention, a
 * process killed between the lines; then reading it back for `profed
 * log`: pairing, each filter, the table and --json, hostile lines. */
#include <check.h>
#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "config.h"
#include "testutil.h"
#include "text.h"

#define TOKEN "pf-test-user-ada"
#define NOW 1790000000LL /* 2026-09-21T14:13:20Z */
#define DAY "2026-09-21"

static char *dir, adir[4096], file[4200];
static struct config cfg;
static struct pf_error err;

static void setup(void)
{
	dir = tu_tempdir();
	setenv("XDG_STATE_HOME", dir, 1);
	setenv("HOME", dir, 1);
	snprintf(adir, sizeof adir, "%s/profed/audit/", dir);
	snprintf(file, sizeof file, "%s" DAY ".jsonl", adir);
	pf_error_clear(&err);
	config_init(&cfg);
	ck_assert_int_eq(config_set(&cfg, "token", TOKEN, CONFIG_FROM_ENV, &err), 0);
	ck_assert_int_eq(config_set(&cfg, "account-id", "biz_Demo00000001",
	                            CONFIG_FROM_FLAG, &err), 0);
	ck_assert_int_eq(config_finish(&cfg, &err), 0);
}

static void teardown(void)
{
	config_free(&cfg);
	tu_rmtree(dir);
	free(dir);
}

static const struct audit_change two[] = {
	{ FIELD_NAME, "Ada", "Ada K", NULL },
	{ FIELD_PICTURE, "https://media.example.invalid/ada.png", "file_123", "me.png" },
};

/* One request written with a handle at NOW. */
static void write_request(struct audit *a, enum audit_mode mode,
                          const char *uid, const char *uname, bool outcome,
                          struct audit_request *rq)
{
	*rq = (struct audit_request){ .mode = mode, .user_id = uid,
	                              .username = uname, .changes = two,
	                              .n_changes = 2 };
	ck_assert_int_eq(audit_intent(a, rq, &err), 0);
	if (outcome)
		ck_assert_int_eq(audit_outcome(a, rq, AUDIT_SAVED, 200, "req_abc", &err), 0);
}

static int count_lines(const char *text)
{
	int n = 0;
	for (const char *p = text; p && *p; p++)
		n += *p == '\n';
	return n;
}

START_TEST(test_null_and_empty)
{
	struct audit_request rq = { 0 };
	ck_assert_int_eq(audit_intent(NULL, &rq, &err), -1);
	ck_assert_int_eq(audit_outcome(NULL, &rq, AUDIT_SAVED, 200, NULL, &err), -1);
	ck_assert(!audit_warn_once(NULL));
	ck_assert_ptr_null(audit_dir(NULL));
	audit_close(NULL);
	audit_set_credential(NULL, CAP_CRED_USER, AUDIT_SRC_FILE, "x");
	ck_assert_int_eq(audit_prune(NULL, 90, NOW), -1);
	ck_assert_int_eq(audit_prune(adir, 0, NOW), -1);
	ck_assert_int_eq(audit_prune("/nonexistent/x", 90, NOW), -1);
	static const char *const bad_days[] = { NULL, "", "2026-9-21", "2026-02-30",
		"2025-02-29", "1969-12-31", "2026-13-01", "2026-00-10", "abcd-ef-gh",
		"2026-09-21x", "2026/09/21" };
	for (size_t i = 0; i < sizeof bad_days / sizeof *bad_days; i++)
		ck_assert_msg(!audit_valid_day(bad_days[i]), "%s", bad_days[i]);
	ck_assert(audit_valid_day("2024-02-29"));
	struct audit_log log = { 0 };
	ck_assert_int_eq(audit_log_add_line(NULL, "x", 1), -1);
	/* no line: nothing added, nothing read (not even its length's end) */
	{
		struct audit_log empty = {0};
		ck_assert_int_eq(audit_log_add_line(&empty, NULL, 5), 0);
		ck_assert_uint_eq(empty.n_recs, 0);
		ck_assert_uint_eq(empty.skipped, 0);
		audit_log_free(&empty);
	}
	ck_assert_int_eq(audit_log_parse(&log, NULL, 0), 0);
	ck_assert_int_eq(audit_log_finish(&log), 0);
	char *t = audit_log_table(&log, 80), *j = audit_log_json(&log);
	ck_assert_str_eq(t, "No changes recorded.\n");
	ck_assert_str_eq(j, "[]\n");
	free(t);
	free(j);
	audit_log_free(&log);
	audit_log_free(NULL);
	t = audit_log_table(NULL, 0);
	ck_assert_str_eq(t, "No changes recorded.\n");
	free(t);
	/* no trail yet: nothing to read, not an error */
	ck_assert_int_eq(audit_log_read(&log, NULL, &err), 0);
	ck_assert_int_eq(audit_log_finish(&log), 0);
	ck_assert_uint_eq(log.n_rows, 0);
	audit_log_free(&log);
	ck_assert_str_eq(audit_outcome_name((enum audit_outcome)9), "not known");
	ck_assert_str_eq(audit_mode_name(AUDIT_MODE_BULK), "bulk");
	ck_assert_str_eq(audit_source_name(AUDIT_SRC_PROMPT), "prompt");
}
END_TEST

START_TEST(test_two_lines_private_no_token)
{
	struct audit *a = audit_open_at(&cfg, CAP_CRED_API_KEY,
	                                audit_source_of(&cfg), "1.2.3", NULL, NOW);
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(audit_dir(a), adir);
	struct audit_request rq;
	write_request(a, AUDIT_MODE_SET, "user_Demo0000000003", "grace-hopper", true, &rq);
	ck_assert_uint_eq(strlen(rq.id), 16);
	audit_close(a);

	struct stat st;
	ck_assert_int_eq(stat(file, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	ck_assert_int_eq(stat(adir, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0700);
	char *text = tu_read_file(file, NULL);
	ck_assert_int_eq(count_lines(text), 2);
	ck_assert_ptr_null(strstr(text, TOKEN));
	ck_assert_ptr_null(strstr(text, "pf-test-user"));
	char *nl = strchr(text, '\n');
	*nl = '\0';
	cJSON *intent = cJSON_Parse(text), *outcome = cJSON_Parse(nl + 1);
	ck_assert_ptr_nonnull(intent);
	ck_assert_ptr_nonnull(outcome);
	ck_assert_str_eq(cJSON_GetObjectItem(intent, "phase")->valuestring, "intent");
	ck_assert_str_eq(cJSON_GetObjectItem(outcome, "phase")->valuestring, "outcome");
	ck_assert_str_eq(cJSON_GetObjectItem(intent, "id")->valuestring, rq.id);
	ck_assert_str_eq(cJSON_GetObjectItem(outcome, "id")->valuestring, rq.id);
	ck_assert_ptr_null(cJSON_GetObjectItem(intent, "outcome"));
	ck_assert_str_eq(cJSON_GetObjectItem(intent, "time")->valuestring,
	                 DAY "T14:13:20.000Z");
	ck_assert_str_eq(cJSON_GetObjectItem(intent, "env")->valuestring, CONFIG_PRODUCTION_URL);
	ck_assert_str_eq(cJSON_GetObjectItem(intent, "account_id")->valuestring, "biz_Demo00000001");
	ck_assert_str_eq(cJSON_GetObjectItem(intent, "mode")->valuestring, "set");
	ck_assert_str_eq(cJSON_GetObjectItem(intent, "version")->valuestring, "1.2.3");
	cJSON *cred = cJSON_GetObjectItem(intent, "credential");
	ck_assert_str_eq(cJSON_GetObjectItem(cred, "kind")->valuestring, "api-key");
	ck_assert_str_eq(cJSON_GetObjectItem(cred, "source")->valuestring, "environment");
	ck_assert_str_eq(cJSON_GetObjectItem(cred, "last4")->valuestring, "-ada");
	cJSON *pic = cJSON_GetArrayItem(cJSON_GetObjectItem(intent, "changes"), 1);
	ck_assert_str_eq(cJSON_GetObjectItem(pic, "field")->valuestring, "profile_picture");
	ck_assert_str_eq(cJSON_GetObjectItem(pic, "old")->valuestring,
	                 "https://media.example.invalid/ada.png");
	ck_assert_str_eq(cJSON_GetObjectItem(pic, "new")->valuestring, "file_123");
	ck_assert_str_eq(cJSON_GetObjectItem(pic, "file")->valuestring, "me.png");
	ck_assert_str_eq(cJSON_GetObjectItem(outcome, "outcome")->valuestring, "saved");
	ck_assert_int_eq(cJSON_GetObjectItem(outcome, "status")->valueint, 200);
	ck_assert_str_eq(cJSON_GetObjectItem(outcome, "request_id")->valuestring, "req_abc");
	cJSON_Delete(intent);
	cJSON_Delete(outcome);
	free(text);

	/* a second handle appends; a short token leaves no last4 */
	a = audit_open_at(&cfg, CAP_CRED_USER, AUDIT_SRC_PROMPT, "1.2.3", NULL, NOW);
	audit_set_credential(a, CAP_CRED_USER, AUDIT_SRC_PROMPT, "short-tok");
	struct audit_request rq2;
	write_request(a, AUDIT_MODE_EDITOR, "user_X", "x", false, &rq2);
	ck_assert_int_eq(audit_outcome(a, &rq2, AUDIT_NOT_KNOWN, 0, NULL, &err), 0);
	ck_assert_str_ne(rq.id, rq2.id);
	audit_close(a);
	text = tu_read_file(file, NULL);
	ck_assert_int_eq(count_lines(text), 4);
	ck_assert_ptr_nonnull(strstr(text, "\"source\":\"prompt\",\"last4\":\"\""));
	ck_assert_ptr_null(strstr(text, "short-tok"));
	ck_assert_ptr_null(strstr(text, "-tok"));
	free(text);
}
END_TEST

START_TEST(test_credential_source)
{
	ck_assert_int_eq(audit_source_of(&cfg), AUDIT_SRC_ENVIRONMENT);
	ck_assert_int_eq(audit_source_of(NULL), AUDIT_SRC_ENVIRONMENT);
	struct config c2;
	config_init(&c2);
	ck_assert_int_eq(config_set(&c2, "token", "x", CONFIG_FROM_FILE, &err), 0);
	ck_assert_int_eq(audit_source_of(&c2), AUDIT_SRC_CONFIG);
	ck_assert_int_eq(config_set(&c2, "token-file", "/tmp/t", CONFIG_FROM_FLAG, &err), 0);
	ck_assert_int_eq(audit_source_of(&c2), AUDIT_SRC_FILE);
	config_free(&c2);
}
END_TEST

START_TEST(test_audit_no_writes_nothing)
{
	ck_assert_int_eq(config_set(&cfg, "audit", "no", CONFIG_FROM_FILE, &err), 0);
	struct audit *a = audit_open_at(&cfg, CAP_CRED_USER, AUDIT_SRC_ENVIRONMENT,
	                                "1", NULL, NOW);
	struct audit_request rq;
	write_request(a, AUDIT_MODE_BULK, "user_A", "a", true, &rq);
	ck_assert_uint_eq(strlen(rq.id), 16);
	audit_close(a);
	char state[4096];
	snprintf(state, sizeof state, "%s/profed", dir);
	ck_assert_int_eq(access(state, F_OK), -1); /* not even the directory */
}
END_TEST

START_TEST(test_unsafe_refused_never_blocks)
{
	struct audit *a = audit_open_at(&cfg, CAP_CRED_USER, AUDIT_SRC_ENVIRONMENT,
	                                "1", NULL, NOW);
	struct audit_request rq;
	write_request(a, AUDIT_MODE_EDITOR, "user_A", "a", true, &rq);
	audit_close(a);
	/* a loose file */
	ck_assert_int_eq(chmod(file, 0644), 0);
	a = audit_open_at(&cfg, CAP_CRED_USER, AUDIT_SRC_ENVIRONMENT, "1", NULL, NOW);
	rq = (struct audit_request){ .user_id = "user_A" };
	ck_assert_int_eq(audit_intent(a, &rq, &err), -1);
	ck_assert_int_eq(err.kind, PF_ERR_IO);
	ck_assert_ptr_nonnull(strstr(err.message, "chmod 600"));
	ck_assert_uint_eq(strlen(rq.id), 16); /* the edit goes on */
	ck_assert(audit_warn_once(a));
	ck_assert_int_eq(audit_outcome(a, &rq, AUDIT_SAVED, 200, NULL, &err), -1);
	ck_assert(!audit_warn_once(a)); /* said once */
	audit_close(a);
	ck_assert_int_eq(chmod(file, 0600), 0);
	/* a symlinked file: not followed */
	char other[4096];
	snprintf(other, sizeof other, "%s/elsewhere", dir);
	ck_assert_int_eq(tu_write_file(other, "", 0, 0600), 0);
	ck_assert_int_eq(unlink(file), 0);
	ck_assert_int_eq(symlink(other, file), 0);
	a = audit_open_at(&cfg, CAP_CRED_USER, AUDIT_SRC_ENVIRONMENT, "1", NULL, NOW);
	ck_assert_int_eq(audit_intent(a, &rq, &err), -1);
	audit_close(a);
	char *t = tu_read_file(other, NULL);
	ck_assert_str_eq(t, "");
	free(t);
	ck_assert_int_eq(unlink(file), 0);
	/* another owner's file (root only) */
	if (geteuid() == 0) {
		ck_assert_int_eq(tu_write_file(file, "", 0, 0600), 0);
		ck_assert_int_eq(chown(file, 4242, 4242), 0);
		a = audit_open_at(&cfg, CAP_CRED_USER, AUDIT_SRC_ENVIRONMENT, "1", NULL, NOW);
		ck_assert_int_eq(audit_intent(a, &rq, &err), -1);
		ck_assert_ptr_nonnull(strstr(err.message, "not a regular file of yours"));
		audit_close(a);
		ck_assert_int_eq(unlink(file), 0);
	}
	/* a loose directory */
	ck_assert_int_eq(chmod(adir, 0755), 0);
	a = audit_open_at(&cfg, CAP_CRED_USER, AUDIT_SRC_ENVIRONMENT, "1", NULL, NOW);
	ck_assert_int_eq(audit_intent(a, &rq, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.message, "chmod 700"));
	audit_close(a);
	ck_assert_int_eq(access(file, F_OK), -1);
	/* reading refuses a loose directory ... */
	struct audit_log log = { 0 };
	ck_assert_int_eq(audit_log_read(&log, NULL, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.message, "chmod 700"));
	audit_log_free(&log);
	/* ... and a loose file */
	ck_assert_int_eq(chmod(adir, 0700), 0);
	ck_assert_int_eq(tu_write_file(file, "", 0, 0644), 0);
	ck_assert_int_eq(chmod(file, 0644), 0);
	ck_assert_int_eq(audit_log_read(&log, NULL, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.message, "chmod 600"));
	audit_log_free(&log);
}
END_TEST

/* A process killed between the two lines leaves its intent. */
START_TEST(test_killed_between_lines)
{
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct audit *a = audit_open_at(&cfg, CAP_CRED_USER,
		                                AUDIT_SRC_ENVIRONMENT, "1", NULL, NOW);
		struct audit_request rq = { .mode = AUDIT_MODE_SET, .user_id = "user_K",
		                            .username = "killed", .changes = two,
		                            .n_changes = 1 };
		if (audit_intent(a, &rq, NULL) < 0)
			_exit(3);
		raise(SIGKILL); /* the request would go out now */
		_exit(4);
	}
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	char *text = tu_read_file(file, NULL);
	ck_assert_int_eq(count_lines(text), 1);
	ck_assert_ptr_nonnull(strstr(text, "\"phase\":\"intent\""));
	free(text);
	struct audit_log log = { 0 };
	ck_assert_int_eq(audit_log_read(&log, NULL, &err), 0);
	ck_assert_int_eq(audit_log_finish(&log), 0);
	ck_assert_uint_eq(log.n_rows, 1);
	ck_assert_str_eq(log.rows[0].outcome, "not known");
	ck_assert_str_eq(log.rows[0].username, "killed");
	ck_assert_ptr_nonnull(strstr(log.records[0], "\"outcome\":\"not known\""));
	audit_log_free(&log);
}
END_TEST

START_TEST(test_retention_by_name)
{
	char p[4300];
	char state[4096];
	snprintf(state, sizeof state, "%s/profed", dir);
	ck_assert_int_eq(mkdir(state, 0700), 0);
	ck_assert_int_eq(mkdir(adir, 0700), 0);
	static const char *const names[] = { "2026-06-22.jsonl", "2026-06-23.jsonl",
		"2026-08-01.jsonl", "2025-01-01.jsonl", "notes.txt",
		"2026-13-01.jsonl", "2020-01-01.json", "2020-01-01.jsonl.bak" };
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		snprintf(p, sizeof p, "%s%s", adir, names[i]);
		ck_assert_int_eq(tu_write_file(p, "x\n", 2, 0600), 0);
	}
	/* 90 days before 2026-09-21 is 2026-06-23: older days go */
	struct audit *a = audit_open_at(&cfg, CAP_CRED_USER, AUDIT_SRC_ENVIRONMENT,
	                                "1", NULL, NOW);
	audit_close(a);
	static const bool kept[] = { false, true, true, false, true, true, true, true };
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		snprintf(p, sizeof p, "%s%s", adir, names[i]);
		ck_assert_msg((access(p, F_OK) == 0) == kept[i], "%s", names[i]);
	}
	/* audit-days = 1 keeps today only; the count is returned */
	snprintf(p, sizeof p, "%s" DAY ".jsonl", adir);
	ck_assert_int_eq(tu_write_file(p, "x\n", 2, 0600), 0);
	ck_assert_int_eq(audit_prune(adir, 1, NOW), 2);
	ck_assert_int_eq(access(p, F_OK), 0);
	/* audit = no: nothing pruned either */
	snprintf(p, sizeof p, "%s2000-01-01.jsonl", adir);
	ck_assert_int_eq(tu_write_file(p, "x\n", 2, 0600), 0);
	ck_assert_int_eq(config_set(&cfg, "audit", "no", CONFIG_FROM_FILE, &err), 0);
	audit_close(audit_open_at(&cfg, CAP_CRED_USER, AUDIT_SRC_ENVIRONMENT, "1", NULL, NOW));
	ck_assert_int_eq(access(p, F_OK), 0);
}
END_TEST

/* Lines for the reader: two users over three days, one hostile. */
static void write_history(void)
{
	static const long long days[] = { NOW - 2 * 86400, NOW - 86400, NOW };
	for (size_t d = 0; d < 3; d++) {
		struct audit *a = audit_open_at(&cfg, CAP_CRED_USER,
		                                AUDIT_SRC_ENVIRONMENT, "1", NULL, days[d]);
		struct audit_request rq;
		write_request(a, AUDIT_MODE_SET, "user_G", "grace-hopper", true, &rq);
		write_request(a, AUDIT_MODE_BULK, "user_M", "mallory", d != 1, &rq);
		audit_close(a);
	}
}

START_TEST(test_log_filters)
{
	write_history();
	struct audit_log log = { 0 };
	ck_assert_int_eq(audit_log_read(&log, NULL, &err), 0);
	ck_assert_int_eq(audit_log_finish(&log), 0);
	ck_assert_uint_eq(log.n_records, 6);
	ck_assert_uint_eq(log.n_rows, 12);
	/* oldest first */
	for (size_t i = 1; i < log.n_rows; i++)
		ck_assert_int_le(strcmp(log.rows[i - 1].time, log.rows[i].time), 0);
	int unknown = 0;
	for (size_t i = 0; i < log.n_rows; i++)
		unknown += strcmp(log.rows[i].outcome, "not known") == 0;
	ck_assert_int_eq(unknown, 2);
	audit_log_free(&log);

	log.filter = (struct audit_filter){ .user = "GRACE-HOPPER" };
	ck_assert_int_eq(audit_log_read(&log, NULL, &err), 0);
	ck_assert_int_eq(audit_log_finish(&log), 0);
	ck_assert_uint_eq(log.n_records, 3);
	for (size_t i = 0; i < log.n_rows; i++)
		ck_assert_str_eq(log.rows[i].user_id, "user_G");
	audit_log_free(&log);

	log.filter = (struct audit_filter){ .user = "user_M", .since = "2026-09-20" };
	ck_assert_int_eq(audit_log_read(&log, NULL, &err), 0);
	ck_assert_int_eq(audit_log_finish(&log), 0);
	ck_assert_uint_eq(log.n_records, 2);
	audit_log_free(&log);

	log.filter = (struct audit_filter){ .until = "2026-09-19" };
	ck_assert_int_eq(audit_log_read(&log, NULL, &err), 0);
	ck_assert_int_eq(audit_log_finish(&log), 0);
	ck_assert_uint_eq(log.n_records, 2);
	ck_assert_int_eq(strncmp(log.rows[0].time, "2026-09-19", 10), 0);
	audit_log_free(&log);

	log.filter = (struct audit_filter){ .since = "2026-09-20", .until = "2026-09-20" };
	ck_assert_int_eq(audit_log_read(&log, NULL, &err), 0);
	ck_assert_int_eq(audit_log_finish(&log), 0);
	ck_assert_uint_eq(log.n_records, 2);
	/* the table: one row per field, old -> new, the outcome and status */
	char *t = audit_log_table(&log, 80);
	ck_assert_int_eq(count_lines(t), 5);
	ck_assert_ptr_nonnull(strstr(t, "Ada \u2192 Ada K"));
	ck_assert_ptr_nonnull(strstr(t, "saved (200)"));
	ck_assert_ptr_nonnull(strstr(t, "not known"));
	ck_assert_ptr_nonnull(strstr(t, "2026-09-20 14:13"));
	for (char *line = t, *nl; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		*nl = '\0';
		ck_assert_uint_le(text_width(line), 80);
		*nl = '\n';
	}
	free(t);
	char *j = audit_log_json(&log);
	cJSON *arr = cJSON_Parse(j);
	ck_assert(cJSON_IsArray(arr));
	ck_assert_int_eq(cJSON_GetArraySize(arr), 2);
	cJSON_Delete(arr);
	free(j);
	audit_log_free(&log);
}
END_TEST

START_TEST(test_log_hostile_lines)
{
	struct audit_log log = { 0 };
	const char text[] =
		"\n"
		"garbage\n"
		"[1,2]\n"
		"{\"profed_audit\":2,\"id\":\"a\",\"phase\":\"intent\",\"time\":\"2026-09-21T00:00:00Z\"}\n"
		"{\"profed_audit\":1,\"id\":5,\"phase\":\"intent\",\"time\":\"2026-09-21T00:00:00Z\"}\n"
		"{\"profed_audit\":1,\"id\":\"b\",\"phase\":\"maybe\",\"time\":\"2026-09-21T00:00:00Z\"}\n"
		"{\"profed_audit\":1,\"id\":\"c\",\"phase\":\"intent\",\"time\":\"short\"}\n"
		"{\"profed_audit\":1,\"id\":\"d\",\"phase\":\"outcome\",\"time\":\"2026-09-21T01:00:00Z\","
		"\"user_id\":7,\"username\":\"\\u001b[31mred\\u001b]52;c;eA==\\u0007\","
		"\"changes\":[5,{\"field\":\"bio\",\"old\":null,\"new\":{\"x\":1}}],"
		"\"outcome\":\"saved\",\"status\":\"200\"}\r\n"
		"{\"profed_audit\":1,\"id\":\"e\",\"phase\":\"outcome\",\"time\":\"2026-09-21T02:00:00Z\","
		"\"changes\":\"none\",\"username\":\"\xff\xfe\"}";
	ck_assert_int_eq(audit_log_parse(&log, text, sizeof text - 1), 0);
	ck_assert_int_eq(audit_log_add_line(&log, "{\"a\":1}\0{", 9), 0);
	ck_assert_int_eq(audit_log_finish(&log), 0);
	ck_assert_uint_eq(log.skipped, 7);
	ck_assert_uint_eq(log.n_records, 2);
	ck_assert_uint_eq(log.n_rows, 2);
	ck_assert_str_eq(log.rows[0].user_id, "");
	ck_assert_str_eq(log.rows[0].field, "bio");
	ck_assert_str_eq(log.rows[0].new_value, "{\"x\":1}");
	ck_assert_int_eq(log.rows[0].status, 0);
	ck_assert_str_eq(log.rows[1].field, "");
	char *t = audit_log_table(&log, 60);
	ck_assert_ptr_null(strchr(t, '\033'));
	ck_assert_ptr_null(strstr(t, "\xff"));
	free(t);
	char *j = audit_log_json(&log);
	ck_assert_ptr_null(strstr(j, "\xff"));
	cJSON *arr = cJSON_Parse(j);
	ck_assert_int_eq(cJSON_GetArraySize(arr), 2);
	cJSON_Delete(arr);
	free(j);
	audit_log_free(&log);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("audit");
	TCase *tc = tcase_create("audit");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_null_and_empty);
	tcase_add_test(tc, test_two_lines_private_no_token);
	tcase_add_test(tc, test_credential_source);
	tcase_add_test(tc, test_audit_no_writes_nothing);
	tcase_add_test(tc, test_unsafe_refused_never_blocks);
	tcase_add_test(tc, test_killed_between_lines);
	tcase_add_test(tc, test_retention_by_name);
	tcase_add_test(tc, test_log_filters);
	tcase_add_test(tc, test_log_hostile_lines);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
