/* check_resilience.c - end-to-end tests of the editor's resilience
 * (docs/resilience.md, ui/resil.c): the real profed binary in a
 * pseudo-terminal (tests/tui.h) against the in-process stub with faults.
 *
 * Drafts that survive a hang-up and restore exactly, a failed submit that
 * keeps the draft, conflicts (keep mine / take theirs), a 409, the 429
 * countdown and its Esc, a 401 answered in the masked token prompt, the
 * too-small Ctrl-Q, a crash that gives the terminal back, hostile text in
 * the draft dialog, and the token absent from screen, trace and drafts.
 *
 * Run one case:  CK_RUN_CASE=draft_survives_sighup ./tests/check_resilience
 */
#include <check.h>
#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "clock.h"
#include "e2e.h"
#include "stub.h"
#include "testutil.h"
#include "tui.h"

#define CASE_TIMEOUT 120

/* What the editor says, in one place (ui/resil.c, ui/dialog.c). */
#define R_OFFER "Restore unsent edits?"
#define R_RESTORED "Draft restored"
#define R_CONFLICT "Changed on the server"
#define R_CHECKING "Checking the server"
#define R_RATE "Rate limited: retrying in"
#define R_TOKEN_TITLE "The token was refused"
#define R_NOT_SAVED "your change was not saved"
#define R_KEPT "kept (also in a draft)"
#define R_SAVED "Saved at"
#define R_CONFIRM "Send to"
#define R_HINT "F1 Help"

#define ADA_NAME "Ada Lovelace"
#define ADA_BIO_START "Analyst of engines."
#define WRONG_TOKEN "pf-wrong-token-7f3a9c"

/* What this program adds to the run (e2e.h): the trace and drafts. */
static struct res_e2e {
	char *trace;       /* the --trace file */
	char *drafts;      /* the drafts directory */
} R;

/* Checked fixture: a fresh run. */
static void setup(void)
{
	e2e_setup();
	ck_assert(asprintf(&R.trace, "%s/trace.log", e2e.home) > 0);
	ck_assert(asprintf(&R.drafts, "%s/profed/drafts", e2e.state) > 0);
}

/* Checked fixture: stop everything the test started. */
static void teardown(void)
{
	e2e_teardown();
	free(R.trace);
	free(R.drafts);
	memset(&R, 0, sizeof R);
}

/* Start profed --trace FILE with token in the environment in a rows x cols
 * terminal (again after an exit: same HOME, same state directory). */
static void start(const char *token, int rows, int cols)
{
	const char *args[] = { "--trace", R.trace, NULL };

	e2e_start(token, args, rows, cols);
}

/* Start as ada and wait for her profile. */
static void open_me(void)
{
	start(STUB_TOKEN_ADA, 30, 100);
	e2e_see("Loaded");
	e2e_see(ADA_NAME);
}

/* Number of code points in UTF-8 s. */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* In the focused one-line field holding old, replace the text. */
static void field_replace(const char *old, const char *new_text)
{
	e2e_keys(TUI_KEY_END);
	for (size_t i = utf8_chars(old); i > 0; i--)
		e2e_keys(TUI_KEY_BACKSPACE);
	e2e_keys(new_text);
}

/* The k-th PATCH went to /users/me with exactly the body expected and the
 * token that is in use. */
static void assert_patch(size_t k, const char *expected, const char *token)
{
	struct stub_request *r = e2e_request("PATCH", k);
	const char *h = stub_request_header(r, "Authorization");
	char *auth;

	ck_assert_str_eq(r->path, "/api/v1/users/me");
	e2e_assert_json_eq(r->body, expected);
	ck_assert(asprintf(&auth, "Bearer %s", token) > 0);
	ck_assert_msg(h && strcmp(h, auth) == 0, "wrong Authorization header");
	free(auth);
	stub_request_free(r);
}

/* Replace ada's stored profile's key by the JSON value text (someone
 * else's edit, behind profed's back). */
static void patch_ada(const char *key, const char *json_value)
{
	ck_assert_msg(stub_set_user_field(e2e.stub, STUB_ADA_ID, key, json_value) == 0,
	              "cannot set %s to %s", key, json_value);
}

/* The path of the only draft file, or NULL when there is none. Caller
 * frees. More than one draft fails the test. */
static char *draft_file(void)
{
	DIR *d = opendir(R.drafts);
	struct dirent *e;
	char *found = NULL;

	if (!d)
		return NULL;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		ck_assert_msg(!found, "more than one file in %s", R.drafts);
		ck_assert(asprintf(&found, "%s/%s", R.drafts, e->d_name) > 0);
	}
	closedir(d);
	return found;
}

/* Wait until the draft file exists (want) or is gone (!want). */
static void wait_draft(bool want)
{
	long long deadline = clock_now_ms() + TUI_WAIT_MS;

	for (;;) {
		char *p = draft_file();
		bool there = p != NULL;
		free(p);
		if (there == want)
			return;
		ck_assert_msg(clock_now_ms() < deadline, "the draft is %s",
		              want ? "not there" : "still there");
		if (e2e.t && tui_pump(e2e.t, 50) < 0) {
			struct timespec ts = { 0, 50 * 1000000L };
			nanosleep(&ts, NULL); /* exited: only the clock runs */
		}
	}
}

/* The draft: mode 0600, no token (neither the environment's nor any other
 * given), the yours of field key (NULL: the field is not in the draft).
 * Caller frees the returned text. */
static char *draft_yours(const char *key, const char *other_token)
{
	char *path = draft_file(), *text, *out = NULL;
	struct stat st;
	cJSON *j, *f;

	ck_assert_msg(path != NULL, "no draft in %s", R.drafts);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_msg((st.st_mode & 0777) == 0600, "draft mode %o",
	              (unsigned)(st.st_mode & 0777));
	text = tu_read_file(path, NULL);
	ck_assert_ptr_nonnull(text);
	ck_assert_msg(!strstr(text, e2e.token), "the token is in the draft");
	ck_assert_msg(!other_token || !strstr(text, other_token),
	              "the typed token is in the draft");
	j = cJSON_Parse(text);
	ck_assert_msg(j != NULL, "the draft is not JSON");
	f = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(j, "fields"), key), "yours");
	if (cJSON_IsString(f))
		out = strdup(f->valuestring);
	cJSON_Delete(j);
	free(text);
	free(path);
	return out;
}

/* Neither token on the screen, in the terminal output, in the trace. */
static void assert_no_token_anywhere(const char *other_token)
{
	const char *toks[] = { e2e.token, other_token };
	char *trace = tu_read_file(R.trace, NULL);

	for (size_t i = 0; i < 2; i++) {
		if (!toks[i])
			continue;
		ck_assert_msg(!tui_raw_contains(e2e.t, toks[i], strlen(toks[i])),
		              "a token was written to the terminal");
		ck_assert_msg(!tui_has_text(e2e.t, toks[i]), "a token is on the screen");
		ck_assert_msg(!trace || !strstr(trace, toks[i]),
		              "a token is in the trace");
	}
	free(trace);
}

/* Quit with Ctrl-Q (nothing unsent) and check the exit status. */
static void quit_clean(void)
{
	e2e_keys(TUI_CTRL_Q);
	ck_assert_int_eq(tui_wait_exit(e2e.t, TUI_WAIT_MS), 0);
}

/* Confirm a submit: Ctrl-S, wait for the old -> new list, y. */
static void submit(void)
{
	e2e_keys(TUI_CTRL_S);
	e2e_see(R_CONFIRM);
	e2e_keys("y");
}

/* Aim fault f at the PATCH of a submit: the re-read before it is held
 * back by a delay, and f is set once that GET has taken the delay. */
static void submit_with_patch_fault(const struct stub_fault *f)
{
	struct stub_fault hold = { .kind = STUB_FAULT_DELAY, .count = 1,
	                           .delay_ms = 700 };
	long long deadline = clock_now_ms() + TUI_WAIT_MS;

	stub_fault(e2e.stub, &hold);
	submit();
	while (stub_fault_pending(e2e.stub)) {
		ck_assert_msg(clock_now_ms() < deadline, "the re-read did not come");
		tui_pump(e2e.t, 10);
	}
	stub_fault(e2e.stub, f);
}

/* ------------------------------------------------------------------ */

/* A hang-up while the PATCH is out: the exit note says what is known
 * (the save may have reached the server; the draft is kept and compared
 * on the next open), not that the edits were unsent. */
START_TEST(sighup_during_patch_says_what_is_known)
{
	struct stub_fault slow = { .kind = STUB_FAULT_DELAY, .count = 1,
	                           .delay_ms = 5000, .method = "PATCH" };
	const char *out;
	size_t n;
	long long deadline;

	open_me();
	field_replace(ADA_NAME, "Ada Out");

	stub_fault(e2e.stub, &slow);
	submit();
	/* the PATCH has arrived and is held back: it is out, unanswered */
	deadline = clock_now_ms() + TUI_WAIT_MS;
	while (stub_fault_pending(e2e.stub)) {
		ck_assert_msg(clock_now_ms() < deadline, "the PATCH did not come");
		tui_pump(e2e.t, 10);
	}
	ck_assert_int_eq(kill(tui_pid(e2e.t), SIGHUP), 0);
	ck_assert_int_eq(tui_wait_exit(e2e.t, TUI_WAIT_MS), 128 + SIGHUP);
	out = tui_raw_output(e2e.t, &n);
	ck_assert_msg(tu_contains(out, "may have reached the server"),
	              "no note of what is known: %s", n > 400 ? out + n - 400 : out);
	ck_assert(!tu_contains(out, "unsent edits kept"));
	ck_assert(tu_contains(out, "compares it"));
}
END_TEST

/* Edit a name (CJK) and a bio (new lines, a blank line, CJK), hang up the
 * terminal before the debounce: the draft is written on SIGHUP. Reopen:
 * offered, restored exactly, and submit sends exactly the edits. */
START_TEST(draft_survives_sighup)
{
	const char *name = "Ada 日本語 King";
	const char *bio_add = "第一行\r\r  indented 𝔘\r";
	const char *stored_bio = "Analyst of engines.\nWrites notes longer than "
	                         "the paper they annotate.\n\n\xe2\x80\x94 London";
	char *want_bio, *got, *body;

	open_me();
	field_replace(ADA_NAME, name);
	e2e_keys(TUI_KEY_TAB TUI_KEY_TAB);     /* username, then the bio */
	e2e_keys(TUI_KEY_HOME);
	e2e_keys(bio_add);                      /* at the very start of the bio */
	e2e_see("indented");
	ck_assert(asprintf(&want_bio, "第一行\n\n  indented 𝔘\n%s", stored_bio) > 0);
	ck_assert_int_eq(kill(tui_pid(e2e.t), SIGHUP), 0);
	ck_assert_int_eq(tui_wait_exit(e2e.t, TUI_WAIT_MS), 128 + SIGHUP);
	got = draft_yours("name", NULL);
	ck_assert_str_eq(got, name);
	free(got);
	got = draft_yours("bio", NULL);
	ck_assert_str_eq(got, want_bio);
	free(got);
	ck_assert_uint_eq(e2e_count("PATCH", NULL), 0);

	start(STUB_TOKEN_ADA, 30, 100);
	e2e_see(R_OFFER);
	e2e_see("yours: Ada 日本語 King");
	e2e_keys("r");
	e2e_see(R_RESTORED);
	e2e_see(name);
	submit();
	ck_assert(e2e_wait_requests("PATCH", NULL, 1, TUI_WAIT_MS));
	ck_assert(asprintf(&body, "{\"name\": \"Ada 日本語 King\", \"bio\": "
	                   "\"第一行\\n\\n  indented 𝔘\\n%s\"}",
	                   "Analyst of engines.\\nWrites notes longer than the "
	                   "paper they annotate.\\n\\n\xe2\x80\x94 London") > 0);
	assert_patch(0, body, STUB_TOKEN_ADA);
	e2e_see(R_SAVED);
	wait_draft(false);
	assert_no_token_anywhere(NULL);
	quit_clean();
	free(body);
	free(want_bio);
}
END_TEST

/* The PATCH fails with a 500; the re-read shows it did not land: said,
 * the edit stays, the draft is on disk (0600, no token). The server is
 * fixed, submit again: saved, the draft is gone. */
START_TEST(failed_submit_keeps_draft_then_retry)
{
	struct stub_fault fail = { .kind = STUB_FAULT_STATUS, .count = 1,
	                           .status = 500 };
	char *got;

	open_me();
	field_replace(ADA_NAME, "Ada King");
	e2e_see("Ada King");
	submit_with_patch_fault(&fail);
	e2e_see(R_NOT_SAVED);
	e2e_see(R_KEPT);
	ck_assert(e2e_wait_requests("PATCH", NULL, 1, TUI_WAIT_MS));
	got = draft_yours("name", NULL);
	ck_assert_str_eq(got, "Ada King");
	free(got);
	e2e_keys(TUI_KEY_ENTER);                /* close the message */
	e2e_see("Ada King");
	submit();
	ck_assert(e2e_wait_requests("PATCH", NULL, 2, TUI_WAIT_MS));
	e2e_see(R_SAVED);
	assert_patch(1, "{\"name\": \"Ada King\"}", STUB_TOKEN_ADA);
	wait_draft(false);
	assert_no_token_anywhere(NULL);
	quit_clean();
	ck_assert_uint_eq(e2e_count("PATCH", NULL), 2);
}
END_TEST

/* The answer to the PATCH is cut short but the change was applied: the
 * re-read shows it, and the editor says it was saved after all. */
START_TEST(lost_answer_that_landed_is_success)
{
	struct stub_fault cut = { .kind = STUB_FAULT_TRUNCATE, .count = 1 };

	open_me();
	field_replace(ADA_NAME, "Ada King");
	e2e_see("Ada King");
	submit_with_patch_fault(&cut);
	e2e_see("the answer was lost");
	e2e_see(R_SAVED);
	wait_draft(false);
	quit_clean();
	ck_assert_uint_eq(e2e_count("PATCH", NULL), 1);
}
END_TEST

/* issue 9: the server applies the PATCH and drops the connection without
 * a byte of answer. The PATCH went out on the connection the re-read
 * warmed; libcurl must not send it again by itself. Exactly one PATCH,
 * then a GET, then "Saved" with the lost answer's story; the trace holds
 * that one PATCH and no second one. */
START_TEST(applied_then_dropped_patch_sent_once)
{
	struct stub_fault drop = { .kind = STUB_FAULT_APPLY_DROP, .count = 1,
	                           .method = "PATCH" };
	struct stub_request *r;
	size_t n, at = 0, patches = 0;
	char *trace;

	open_me();
	field_replace(ADA_NAME, "Ada Once");
	e2e_see("Ada Once");
	stub_fault(e2e.stub, &drop);
	submit();
	e2e_see("the answer was lost");
	e2e_see(R_SAVED);
	wait_draft(false);
	quit_clean();
	ck_assert_uint_eq(e2e_count("PATCH", NULL), 1);
	n = stub_journal_count(e2e.stub);
	for (size_t i = 0; i < n; i++) {
		r = stub_journal_get(e2e.stub, i);
		if (strcmp(r->method, "PATCH") == 0)
			at = i;
		stub_request_free(r);
	}
	ck_assert_msg(at + 2 == n, "the PATCH is request %zu of %zu", at, n);
	r = stub_journal_get(e2e.stub, at);
	ck_assert_int_eq(r->status, 0); /* applied, not answered */
	stub_request_free(r);
	r = stub_journal_get(e2e.stub, at + 1);
	ck_assert_str_eq(r->method, "GET");
	ck_assert_str_eq(r->path, "/api/v1/users/me");
	stub_request_free(r);
	trace = tu_read_file(R.trace, NULL);
	ck_assert_ptr_nonnull(trace);
	for (const char *p = trace; (p = strstr(p, "> PATCH ")); p++)
		patches++;
	ck_assert_msg(patches == 1, "%s", trace);
	free(trace);
	assert_no_token_anywhere(NULL);
}
END_TEST

/* Someone renamed ada meanwhile; she renames too: loaded / server now /
 * yours, and keep mine sends hers. */
START_TEST(conflict_keep_mine)
{
	open_me();
	patch_ada("name", "\"Ada Byron\"");
	field_replace(ADA_NAME, "Ada King");
	e2e_see("Ada King");
	submit();
	e2e_see(R_CONFLICT);
	e2e_see("loaded:      " ADA_NAME);
	e2e_see("server now:  Ada Byron");
	e2e_see("yours:       Ada King");
	e2e_keys("m");
	ck_assert(e2e_wait_requests("PATCH", NULL, 1, TUI_WAIT_MS));
	e2e_see(R_SAVED);
	assert_patch(0, "{\"name\": \"Ada King\"}", STUB_TOKEN_ADA);
	quit_clean();
}
END_TEST

/* Take theirs: the name is not sent, the other change is; with only the
 * conflicting field changed nothing is sent at all. */
START_TEST(conflict_take_theirs)
{
	open_me();
	patch_ada("name", "\"Ada Byron\"");
	field_replace(ADA_NAME, "Ada King");
	e2e_keys(TUI_KEY_TAB);
	field_replace("ada-lovelace", "ada-k");
	e2e_see("ada-k");
	submit();
	e2e_see(R_CONFLICT);
	e2e_keys("t");
	ck_assert(e2e_wait_requests("PATCH", NULL, 1, TUI_WAIT_MS));
	e2e_see(R_SAVED);
	assert_patch(0, "{\"username\": \"ada-k\"}", STUB_TOKEN_ADA);
	e2e_see("Ada Byron");

	patch_ada("name", "\"Ada B.\"");
	e2e_keys(TUI_KEY_BTAB);
	field_replace("Ada Byron", "Ada Q");
	e2e_see("Ada Q");
	submit();
	e2e_see(R_CONFLICT);
	e2e_keys("t");
	e2e_see("nothing left to send");
	e2e_see("Ada B.");
	quit_clean();
	ck_assert_uint_eq(e2e_count("PATCH", NULL), 1);
}
END_TEST

/* Esc in the conflict dialog: nothing sent, the edit stays. */
START_TEST(conflict_esc_sends_nothing)
{
	open_me();
	patch_ada("name", "\"Ada Byron\"");
	field_replace(ADA_NAME, "Ada King");
	submit();
	e2e_see(R_CONFLICT);
	e2e_keys(TUI_KEY_ESC);
	e2e_see("nothing sent");
	e2e_see("Ada King");
	e2e_keys(TUI_CTRL_Q);
	e2e_see("Discard");
	e2e_keys("d");
	ck_assert_int_eq(tui_wait_exit(e2e.t, TUI_WAIT_MS), 0);
	ck_assert_uint_eq(e2e_count("PATCH", NULL), 0);
	wait_draft(false);                  /* discarded: no draft either */
}
END_TEST

/* A 409 to the PATCH: the profile is read again and what changed is
 * said (here: nothing the person can edit); the edits stay, nothing goes
 * out by itself, Ctrl-S sends. (A field changed on the server meanwhile
 * is caught by the re-read before the PATCH: the conflict tests.) */
START_TEST(conflict_409_rereads)
{
	struct stub_fault conflict = { .kind = STUB_FAULT_STATUS, .count = 1,
	                               .status = 409 };

	open_me();
	field_replace(ADA_NAME, "Ada King");
	e2e_see("Ada King");
	submit_with_patch_fault(&conflict);
	e2e_see("HTTP 409");
	e2e_see("Nothing you can edit changed");
	ck_assert(e2e_wait_requests("GET", NULL, 3, TUI_WAIT_MS));  /* load, check, re-read */
	e2e_keys(TUI_KEY_ENTER);
	e2e_see("Ada King");
	e2e_sync_keys(R_HINT);
	ck_assert_uint_eq(e2e_count("PATCH", NULL), 1);
	submit();
	ck_assert(e2e_wait_requests("PATCH", NULL, 2, TUI_WAIT_MS));
	e2e_see(R_SAVED);
	assert_patch(1, "{\"name\": \"Ada King\"}", STUB_TOKEN_ADA);
	quit_clean();
}
END_TEST

/* A 429 asking for 2 seconds: the countdown is on the status line, then
 * the profile loads with no key pressed. */
START_TEST(rate_limit_countdown_then_success)
{
	struct stub_fault rl = { .kind = STUB_FAULT_RATE_LIMIT, .count = 1,
	                         .seconds = 2 };
	long long t0;

	open_me();
	patch_ada("name", "\"Ada Byron\"");
	stub_fault(e2e.stub, &rl);
	t0 = clock_now_ms();
	e2e_keys(TUI_CTRL_R);
	e2e_see(R_RATE);
	e2e_see("Esc cancels");
	e2e_see("Ada Byron");
	ck_assert_int_ge(clock_now_ms() - t0, 1500);
	ck_assert_uint_eq(e2e_count("GET", NULL), 3);
	quit_clean();
}
END_TEST

/* Esc during the countdown: cancelled at once, nothing sent again. */
START_TEST(rate_limit_esc_cancels)
{
	struct stub_fault rl = { .kind = STUB_FAULT_RATE_LIMIT, .count = 1,
	                         .seconds = 60 };
	long long t0;

	open_me();
	stub_fault(e2e.stub, &rl);
	e2e_keys(TUI_CTRL_R);
	e2e_see(R_RATE);
	t0 = clock_now_ms();
	e2e_keys(TUI_KEY_ESC);
	e2e_see("cancelled");
	ck_assert_int_lt(clock_now_ms() - t0, 5000);
	ck_assert(tui_has_text(e2e.t, ADA_NAME));
	quit_clean();
	ck_assert_uint_eq(e2e_count("GET", NULL), 2);
}
END_TEST

/* A refused token: the prompt is masked, the typed token is used from
 * then on (load, then a submit) and is nowhere on screen, in the output,
 * the trace or the draft. */
START_TEST(unauthorized_asks_for_a_token)
{
	char *got;

	start(WRONG_TOKEN, 30, 100);
	e2e_see(R_TOKEN_TITLE);
	e2e_see("401");
	e2e_keys(STUB_TOKEN_ADA);
	e2e_see("****************");
	ck_assert(!tui_has_text(e2e.t, STUB_TOKEN_ADA));
	e2e_keys(TUI_KEY_ENTER);
	e2e_see(ADA_NAME);
	field_replace(ADA_NAME, "Ada King");
	e2e_see("Ada King");
	wait_draft(true);
	got = draft_yours("name", STUB_TOKEN_ADA);
	ck_assert_str_eq(got, "Ada King");
	free(got);
	submit();
	ck_assert(e2e_wait_requests("PATCH", NULL, 1, TUI_WAIT_MS));
	e2e_see(R_SAVED);
	assert_patch(0, "{\"name\": \"Ada King\"}", STUB_TOKEN_ADA);
	assert_no_token_anywhere(STUB_TOKEN_ADA);
	quit_clean();
	assert_no_token_anywhere(STUB_TOKEN_ADA);
}
END_TEST

/* A 401 in the re-read before a PATCH: the prompt, then the submit goes
 * on with the new token. Esc in the prompt sends nothing. */
START_TEST(unauthorized_during_submit)
{
	struct stub_fault denied = { .kind = STUB_FAULT_STATUS, .count = 1,
	                             .status = 401 };

	open_me();
	field_replace(ADA_NAME, "Ada King");
	e2e_see("Ada King");
	stub_fault(e2e.stub, &denied);
	submit();
	e2e_see(R_TOKEN_TITLE);
	e2e_keys(TUI_KEY_ESC);
	e2e_see("No new token");
	e2e_sync_keys(R_HINT);
	ck_assert_uint_eq(e2e_count("PATCH", NULL), 0);
	stub_fault(e2e.stub, &denied);
	submit();
	e2e_see(R_TOKEN_TITLE);
	e2e_keys(STUB_TOKEN_ADA);
	e2e_see("****************");
	e2e_keys(TUI_KEY_ENTER);
	ck_assert(e2e_wait_requests("PATCH", NULL, 1, TUI_WAIT_MS));
	e2e_see(R_SAVED);
	assert_patch(0, "{\"name\": \"Ada King\"}", STUB_TOKEN_ADA);
	assert_no_token_anywhere(NULL);
	quit_clean();
}
END_TEST

/* Ctrl-Q on the too-small screen keeps the edits as a draft and says so;
 * the next start offers it; d deletes it. */
START_TEST(too_small_quit_keeps_draft)
{
	char *got;

	open_me();
	field_replace(ADA_NAME, "Ada King");
	e2e_see("Ada King");
	ck_assert_int_eq(tui_resize(e2e.t, 12, 59), 0);
	e2e_see("keeps the unsaved edits as a draft");
	e2e_keys(TUI_CTRL_Q);
	ck_assert_int_eq(tui_wait_exit(e2e.t, TUI_WAIT_MS), 0);
	ck_assert(tui_raw_contains(e2e.t, "kept as a draft", 15));
	got = draft_yours("name", NULL);
	ck_assert_str_eq(got, "Ada King");
	free(got);
	start(STUB_TOKEN_ADA, 30, 100);
	e2e_see(R_OFFER);
	e2e_keys("d");
	e2e_see("Draft deleted");
	wait_draft(false);
	e2e_see(ADA_NAME);
	quit_clean();
}
END_TEST

/* Wait until the draft's yours of key is want (NULL: not in the draft). */
static void wait_draft_yours(const char *key, const char *want)
{
	long long deadline = clock_now_ms() + TUI_WAIT_MS;

	for (;;) {
		char *got = draft_yours(key, NULL);
		bool same = want ? got && strcmp(got, want) == 0 : !got;
		free(got);
		if (same)
			return;
		ck_assert_msg(clock_now_ms() < deadline, "the draft's %s is not %s", key,
		              want ? want : "gone");
		tui_pump(e2e.t, 50);
	}
}

/* A draft kept for later (k) is not replaced by the next edits: they are
 * written beside it; a successful submit of them leaves it alone, and it
 * is offered again. */
START_TEST(kept_draft_survives_new_edits)
{
	char *got;

	open_me();
	field_replace(ADA_NAME, "Ada King");
	e2e_see("Ada King");
	ck_assert_int_eq(kill(tui_pid(e2e.t), SIGHUP), 0);
	ck_assert_int_eq(tui_wait_exit(e2e.t, TUI_WAIT_MS), 128 + SIGHUP);

	start(STUB_TOKEN_ADA, 30, 100);
	e2e_see(R_OFFER);
	e2e_keys("k");
	e2e_see("Draft kept for later");
	e2e_keys(TUI_KEY_TAB);                 /* the username */
	e2e_keys(TUI_KEY_END "x");
	e2e_see("ada-lovelacex");
	wait_draft_yours("username", "ada-lovelacex");
	got = draft_yours("name", NULL);
	ck_assert_msg(got && strcmp(got, "Ada King") == 0,
	              "the kept draft's name is %s", got ? got : "gone");
	free(got);
	/* only the new edit is sent; the kept one stays in the file */
	submit();
	ck_assert(e2e_wait_requests("PATCH", NULL, 1, TUI_WAIT_MS));
	e2e_see(R_SAVED);
	assert_patch(0, "{\"username\": \"ada-lovelacex\"}", STUB_TOKEN_ADA);
	wait_draft_yours("username", NULL);
	got = draft_yours("name", NULL);
	ck_assert_str_eq(got, "Ada King");
	free(got);
	quit_clean();

	start(STUB_TOKEN_ADA, 30, 100);
	e2e_see(R_OFFER);
	e2e_see("yours: Ada King");
	e2e_keys("d");
	e2e_see("Draft deleted");
	wait_draft(false);
	quit_clean();
}
END_TEST

/* Hostile text in a draft (escape sequences, an OSC title, BEL) is shown
 * inert in the restore dialog; k keeps the draft for later. */
START_TEST(draft_dialog_hostile_text_inert)
{
	static const char osc[] = "\x1b]0;pwned\x07";
	char *path, *text, *p;
	cJSON *j, *yours;

	open_me();
	field_replace(ADA_NAME, "HOSTILE");
	e2e_see("HOSTILE");
	wait_draft(true);
	ck_assert_int_eq(kill(tui_pid(e2e.t), SIGTERM), 0);
	ck_assert_int_eq(tui_wait_exit(e2e.t, TUI_WAIT_MS), 128 + SIGTERM);
	path = draft_file();
	text = tu_read_file(path, NULL);
	j = cJSON_Parse(text);
	yours = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(j, "fields"), "name"), "yours");
	cJSON_SetValuestring(yours, "A\x1b[2J\x1b[31mRED\x1b]0;pwned\x07Z");
	p = cJSON_PrintUnformatted(j);
	ck_assert_int_eq(tu_write_file(path, p, (size_t)-1, 0600), 0);
	free(p);
	cJSON_Delete(j);
	free(text);

	start(STUB_TOKEN_ADA, 30, 100);
	e2e_see(R_OFFER);
	e2e_see("^[[2J^[[31mRED^[]0;pwned^GZ");
	ck_assert(!tui_raw_contains(e2e.t, osc, sizeof osc - 1));
	ck_assert(!tui_raw_contains(e2e.t, "\x1b[31mRED", 8));
	e2e_keys("k");
	e2e_see("kept for later");
	quit_clean();
	p = draft_file();
	ck_assert_str_eq(p, path);          /* still there */
	free(p);
	free(path);
}
END_TEST

/* A crash (SIGABRT) gives the terminal back: the alternate screen is left
 * after it was entered, and the process dies of the signal. */
START_TEST(crash_restores_the_terminal)
{
	const char *raw, *enter = NULL, *leave = NULL;
	size_t len;

	open_me();
	ck_assert_int_eq(kill(tui_pid(e2e.t), SIGABRT), 0);
	ck_assert_int_eq(tui_wait_exit(e2e.t, TUI_WAIT_MS), 128 + SIGABRT);
	raw = tui_raw_output(e2e.t, &len);
	for (const char *q = raw; (q = memmem(q, len - (size_t)(q - raw),
	                                     "\x1b[?1049h", 8)); q++)
		enter = q;
	for (const char *q = raw; (q = memmem(q, len - (size_t)(q - raw),
	                                     "\x1b[?1049l", 8)); q++)
		leave = q;
	ck_assert_ptr_nonnull(enter);
	ck_assert_msg(leave && leave > enter, "the alternate screen was not left");
}
END_TEST

/* ------------------------------------------------------------------ */

#define RES_CASE(s, name) res_case((s), #name, name)

/* One test case per test, so CK_RUN_CASE picks one. */
static void res_case(Suite *s, const char *name, const TTest *test)
{
	TCase *tc = tcase_create(name);

	tcase_set_timeout(tc, CASE_TIMEOUT);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test);
	suite_add_tcase(s, tc);
}

static Suite *resilience_suite(void)
{
	Suite *s = suite_create("resilience");

	RES_CASE(s, draft_survives_sighup);
	RES_CASE(s, sighup_during_patch_says_what_is_known);
	RES_CASE(s, failed_submit_keeps_draft_then_retry);
	RES_CASE(s, lost_answer_that_landed_is_success);
	RES_CASE(s, applied_then_dropped_patch_sent_once);
	RES_CASE(s, conflict_keep_mine);
	RES_CASE(s, conflict_take_theirs);
	RES_CASE(s, conflict_esc_sends_nothing);
	RES_CASE(s, conflict_409_rereads);
	RES_CASE(s, rate_limit_countdown_then_success);
	RES_CASE(s, rate_limit_esc_cancels);
	RES_CASE(s, unauthorized_asks_for_a_token);
	RES_CASE(s, unauthorized_during_submit);
	RES_CASE(s, too_small_quit_keeps_draft);
	RES_CASE(s, draft_dialog_hostile_text_inert);
	RES_CASE(s, kept_draft_survives_new_edits);
	RES_CASE(s, crash_restores_the_terminal);
	return s;
}

int main(void)
{
	return tu_run_suite(resilience_suite());
}
