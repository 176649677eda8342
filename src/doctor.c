/* doctor.c - `profed doctor`; see doctor.h. */
#include "doctor.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "api.h"
#include "capability.h"
#include "config.h"
#include "draft.h"
#include "edit.h"
#include "picture.h"
#include "strbuf.h"
#include "text.h"
#include "user.h"

static const char *const sections[] = {"settings", "files", "api", "machine",
                                       "terminal"};
static const char *const titles[] = {"Settings", "Files", "API", "Machine",
                                     "Terminal"};

/* Add one check; name and the printf-style detail are sanitised. Returns
 * 0 or -1 out of memory (err set). */
__attribute__((format(printf, 6, 7)))
static int doctor_add(struct doctor_report *r, struct pf_error *err,
                      const char *section, const char *name,
                      enum doctor_status status, const char *fmt, ...)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 32;
		struct doctor_check *c = realloc(r->checks, cap * sizeof *c);
		if (!c)
			return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
		r->checks = c;
		r->cap = cap;
	}
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	struct doctor_check *c = &r->checks[r->n];
	c->section = section;
	c->status = status;
	c->name = text_sanitize(name, 0);
	c->detail = text_sanitize(buf, 0);
	if (!c->name || !c->detail) {
		free(c->name);
		free(c->detail);
		return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
	}
	r->n++;
	return 0;
}

static const char *doctor_source(enum config_source s)
{
	switch (s) {
	case CONFIG_FROM_FLAG: return "flag";
	case CONFIG_FROM_ENV: return "environment";
	case CONFIG_FROM_FILE: return "config file";
	case CONFIG_FROM_DEFAULT: break;
	}
	return "default";
}

/* The index of setting name in config_options(), or -1. */
static int doctor_index(const char *name)
{
	size_t n;
	const struct config_option *o = config_options(&n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(o[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* A file's permission bits as "600". */
static const char *doctor_mode(const char *path, char *buf, size_t len)
{
	struct stat st;
	if (stat(path, &st) < 0)
		snprintf(buf, len, "?");
	else
		snprintf(buf, len, "%03o", (unsigned)(st.st_mode & 0777));
	return buf;
}

/* files: the config file, loaded here (a failure is a check, not the end). */
static int doctor_config_file(struct doctor_report *r, struct config *cfg,
                              struct pf_error *err)
{
	char *path = config_default_path();
	char mode[8];
	int rc;
	struct pf_error e;
	pf_error_clear(&e);
	if (!path)
		rc = doctor_add(r, err, "files", "config file", DOCTOR_WARN,
		                "neither XDG_CONFIG_HOME nor HOME is set: no config "
		                "file is read");
	else if (access(path, F_OK) != 0)
		rc = doctor_add(r, err, "files", "config file", DOCTOR_OK,
		                "none at %s (not needed)", path);
	else if (config_check_private(path, &e) < 0 ||
	         config_load_file(cfg, path, &e) < 0)
		rc = doctor_add(r, err, "files", "config file", DOCTOR_FAIL, "%s",
		                e.message);
	else
		rc = doctor_add(r, err, "files", "config file", DOCTOR_OK,
		                "%s, mode %s", path, doctor_mode(path, mode,
		                                                  sizeof mode));
	free(path);
	return rc;
}

/* files: the token file, when one is named. Returns -1 out of memory, else
 * 0, with *bad set when the file is refused. */
static int doctor_token_file(struct doctor_report *r, const struct config *cfg,
                             bool *bad, struct pf_error *err)
{
	*bad = false;
	if (!cfg->token_file)
		return doctor_add(r, err, "files", "token file", DOCTOR_OK,
		                  "none named");
	struct pf_error e;
	pf_error_clear(&e);
	char mode[8];
	if (config_check_private(cfg->token_file, &e) < 0) {
		*bad = true;
		return doctor_add(r, err, "files", "token file", DOCTOR_FAIL, "%s",
		                  e.message);
	}
	return doctor_add(r, err, "files", "token file", DOCTOR_OK,
	                  "%s, mode %s", cfg->token_file,
	                  doctor_mode(cfg->token_file, mode, sizeof mode));
}

/* settings: the token's source and its last 4 characters, never more. */
static int doctor_token(struct doctor_report *r, const struct config *cfg,
                        struct pf_error *err)
{
	int tf = doctor_index("token-file"), tk = doctor_index("token");
	enum config_source tf_from = tf >= 0 ? cfg->from[tf] : CONFIG_FROM_DEFAULT;
	enum config_source tk_from = tk >= 0 ? cfg->from[tk] : CONFIG_FROM_DEFAULT;
	char where[1024];
	if (cfg->token_file && tf_from >= tk_from)
		snprintf(where, sizeof where, "from the token file %s (token-file "
		         "from %s)", cfg->token_file, doctor_source(tf_from));
	else if (tk_from == CONFIG_FROM_ENV)
		snprintf(where, sizeof where, "from WHOP_API_KEY");
	else
		snprintf(where, sizeof where, "from the %s",
		         doctor_source(tk_from));
	if (!cfg->token || !*cfg->token)
		return doctor_add(r, err, "settings", "token", DOCTOR_FAIL,
		                  "none: set WHOP_API_KEY, or name a file readable "
		                  "only by you with --token-file FILE");
	size_t len = strlen(cfg->token);
	if (len < 12)
		return doctor_add(r, err, "settings", "token", DOCTOR_WARN,
		                  "%s, %zu characters (too short to show its end; "
		                  "is it complete?)", where, len);
	return doctor_add(r, err, "settings", "token", DOCTOR_OK,
	                  "%s, ends in ...%s", where, cfg->token + len - 4);
}

/* settings: each setting, its value and where it came from. */
static int doctor_settings(struct doctor_report *r, const struct config *cfg,
                           struct pf_error *err)
{
	size_t n;
	const struct config_option *o = config_options(&n);
	for (size_t i = 0; i < n; i++) {
		if (o[i].file_only)
			continue;
		char value[512];
		config_option_text(cfg, &o[i], "(none)", value, sizeof value);
		enum doctor_status st = DOCTOR_OK;
		const char *note = "";
		if (strcmp(o[i].name, "base-url") == 0 && cfg->base_url &&
		    strncmp(cfg->base_url, "http://", 7) == 0 &&
		    strncmp(cfg->base_url, "http://127.0.0.1", 16) != 0 &&
		    strncmp(cfg->base_url, "http://localhost", 16) != 0 &&
		    strncmp(cfg->base_url, "http://[::1]", 12) != 0) {
			st = DOCTOR_WARN;
			note = "; plain http: the token travels unencrypted";
		}
		if (doctor_add(r, err, "settings", o[i].name, st, "%s (%s)%s", value,
		               doctor_source(cfg->from[i]), note) < 0)
			return -1;
	}
	return doctor_token(r, cfg, err);
}

static double doctor_ms_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 +
	       (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* The flags of the fields c allows ("name, picture"), or "nothing". */
static void doctor_fields(const struct capability *c, char *buf, size_t n)
{
	size_t k = 0;
	buf[0] = '\0';
	for (size_t f = 0; f < FIELD_COUNT && k < n; f++)
		if (c->allowed[f])
			k += (size_t)snprintf(buf + k, n - k, "%s%s", k ? ", " : "",
			                      edit_fields[f].flag);
	if (!k)
		snprintf(buf, n, "nothing");
}

/* api: what the credential may change (capability.h), its kind learnt
 * from the status of GET /users/me: yourself and another person, with
 * or without the account of --account-id. */
static int doctor_credential(struct doctor_report *r, const struct config *cfg,
                             long me_status, struct pf_error *err)
{
	enum cap_cred kind = capability_kind_learn(CAP_CRED_UNKNOWN, me_status);
	bool account = cfg->account_id && *cfg->account_id;
	struct capability self, other;
	char s[128], o[128];
	capability_of(kind, true, account, &self);
	capability_of(kind, false, account, &other);
	doctor_fields(&self, s, sizeof s);
	doctor_fields(&other, o, sizeof o);
	const char *acc = account ? cfg->account_id : NULL;
	switch (kind) {
	case CAP_CRED_USER:
		return doctor_add(r, err, "api", "may change", DOCTOR_OK,
		                  "a user token%s%s: your own profile%s: %s; other "
		                  "people: %s (look only)", acc ? " with account " : "",
		                  acc ? acc : "", acc ? "'s override" : "", s, o);
	case CAP_CRED_API_KEY:
		if (acc)
			return doctor_add(r, err, "api", "may change", DOCTOR_OK,
			                  "an API key with account %s: other people's "
			                  "override in it: %s; me: refused (give an id "
			                  "or username)", acc, o);
		return doctor_add(r, err, "api", "may change", DOCTOR_OK,
		                  "an API key without --account-id: other people: "
		                  "%s (look only; with --account-id: their name and "
		                  "picture in that business); me: refused", o);
	case CAP_CRED_UNKNOWN:
		break;
	}
	return doctor_add(r, err, "api", "may change", DOCTOR_WARN,
	                  "not known (GET /users/me answered HTTP %ld): your own "
	                  "profile: %s; other people%s: %s; the server decides",
	                  me_status, s, acc ? " in the account's override" : "",
	                  o);
}

/* api: one GET /users/me, no repeat: reached (latency), token, version. */
static int doctor_api(struct doctor_report *r, struct config *cfg,
                      bool usable, struct pf_error *err)
{
	if (!usable || !cfg->token || !*cfg->token)
		return doctor_add(r, err, "api", "reached", DOCTOR_FAIL,
		                  "not tried: %s", usable ? "no token"
		                  : "the settings above are not usable");
	struct pf_error e;
	pf_error_clear(&e);
	cfg->retries = 0; /* the latency of one GET */
	struct api *api = api_new(cfg, &e);
	if (!api)
		return doctor_add(r, err, "api", "reached", DOCTOR_FAIL, "%s",
		                  e.message);
	struct user *u = NULL;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int got = api_user_get_sync(api, "me", &u, &e);
	double ms = doctor_ms_since(&t0);
	char sentence[1024];
	int rc;
	/* an answer that is not a user still means the API was reached */
	bool answered = got == 0 || e.kind == PF_ERR_HTTP ||
	                e.kind == PF_ERR_PARSE || e.kind == PF_ERR_TOO_LARGE;
	if (!answered) {
		rc = doctor_add(r, err, "api", "reached", DOCTOR_FAIL, "%s",
		                pf_error_sentence(&e, sentence, sizeof sentence));
		goto out;
	}
	if (got == 0 || e.kind == PF_ERR_HTTP)
		rc = doctor_add(r, err, "api", "reached", DOCTOR_OK,
		                "%s in %.0f ms (GET /users/me, HTTP %ld)",
		                cfg->base_url, ms, got == 0 ? 200L : e.status);
	else
		rc = doctor_add(r, err, "api", "reached", DOCTOR_WARN,
		                "%s in %.0f ms, but the answer to GET /users/me is "
		                "not a usable user: %s", cfg->base_url, ms,
		                pf_error_sentence(&e, sentence, sizeof sentence));
	if (rc < 0 || e.kind == PF_ERR_PARSE || e.kind == PF_ERR_TOO_LARGE)
		goto out;
	bool version_refused = got < 0 && e.status == 400 &&
	                       strstr(e.message, "Api-Version-Date");
	if (rc == 0 && got == 0)
		rc = doctor_add(r, err, "api", "token", DOCTOR_OK,
		                "accepted: signed in as %s (%s)",
		                u->username ? u->username : "?", u->id ? u->id : "?");
	else if (rc == 0 && e.status == 401)
		rc = doctor_add(r, err, "api", "token", DOCTOR_FAIL,
		                "rejected (HTTP 401): %s Check WHOP_API_KEY or "
		                "--token-file, and that the key belongs to this "
		                "environment.", e.message);
	else if (rc == 0 && !version_refused)
		rc = doctor_add(r, err, "api", "token", DOCTOR_WARN,
		                "accepted, but GET /users/me answered HTTP %ld: %s",
		                e.status, e.message);
	else if (rc == 0)
		rc = doctor_add(r, err, "api", "token", DOCTOR_OK, "accepted");
	if (rc == 0 && e.status != 401) {
		if (version_refused)
			rc = doctor_add(r, err, "api", "api version", DOCTOR_FAIL,
			                "users %s refused: %s", cfg->users_version,
			                e.message);
		else
			rc = doctor_add(r, err, "api", "api version", DOCTOR_OK,
			                "users %s accepted", cfg->users_version);
	}
	/* what the credential may change, from the same answer */
	if (rc == 0 && e.status != 401 && !version_refused)
		rc = doctor_credential(r, cfg, got == 0 ? 200L : e.status, err);
out:
	user_free(u);
	api_free(api);
	return rc;
}

/* machine: dir (or, when it does not exist yet, the nearest existing
 * directory above it) writable. */
static int doctor_writable(struct doctor_report *r, const char *name,
                           const char *dir, struct pf_error *err)
{
	struct stat st;
	if (stat(dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode))
			return doctor_add(r, err, "machine", name, DOCTOR_FAIL,
			                  "%s is not a directory", dir);
		if (access(dir, W_OK | X_OK) != 0)
			return doctor_add(r, err, "machine", name, DOCTOR_FAIL,
			                  "%s is not writable: %s", dir,
			                  strerror(errno));
		return doctor_add(r, err, "machine", name, DOCTOR_OK,
		                  "%s writable", dir);
	}
	char *up = strdup(dir);
	if (!up)
		return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
	char *slash;
	while ((slash = strrchr(up, '/')) && slash != up) {
		*slash = '\0';
		if (stat(up, &st) == 0)
			break;
	}
	if (slash == up)
		up[1] = '\0';
	int rc;
	if (stat(up, &st) == 0 && S_ISDIR(st.st_mode) &&
	    access(up, W_OK | X_OK) == 0)
		rc = doctor_add(r, err, "machine", name, DOCTOR_OK,
		                "%s does not exist yet; it can be made in %s", dir,
		                up);
	else
		rc = doctor_add(r, err, "machine", name, DOCTOR_FAIL,
		                "%s does not exist and %s is not writable", dir, up);
	free(up);
	return rc;
}

/* machine: the state directory and the drafts directory in it. */
static int doctor_machine(struct doctor_report *r, struct pf_error *err)
{
	struct pf_error e;
	pf_error_clear(&e);
	char *path = draft_path("production", NULL, "doctor", &e);
	if (!path)
		return doctor_add(r, err, "machine", "state directory", DOCTOR_FAIL,
		                  "%s", e.message);
	char *slash = strrchr(path, '/');
	if (slash)
		*slash = '\0';              /* .../profed/drafts */
	int rc = 0;
	slash = strrchr(path, '/');
	if (slash) {
		*slash = '\0';              /* .../profed */
		rc = doctor_writable(r, "state directory", path, err);
		*slash = '/';
	}
	if (rc == 0)
		rc = doctor_writable(r, "drafts directory", path, err);
	free(path);
	return rc;
}

/* A key sequence with ESC as \E and other control bytes as ^X. */
static const char *doctor_seq(const char *s, char *buf, size_t len)
{
	size_t k = 0;
	for (; *s && k + 3 < len; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == 0x1b) {
			buf[k++] = '\\';
			buf[k++] = 'E';
		} else if (c < 0x20 || c == 0x7f) {
			buf[k++] = '^';
			buf[k++] = c == 0x7f ? '?' : (char)(c + '@');
		} else {
			buf[k++] = (char)c;
		}
	}
	buf[k] = '\0';
	return buf;
}

static int doctor_terminal(struct doctor_report *r, const struct config *cfg,
                           const struct doctor_term *t, struct pf_error *err)
{
	int rc;
	const char *term = t->term && *t->term ? t->term : NULL;
	if (!term)
		rc = doctor_add(r, err, "terminal", "TERM", DOCTOR_WARN,
		                "not set: the editor cannot start (show and set "
		                "work)");
	else if (!t->terminfo)
		rc = doctor_add(r, err, "terminal", "TERM", DOCTOR_FAIL,
		                "%s has no terminfo entry: install ncurses-term or "
		                "set TERM=xterm-256color", term);
	else if (strcmp(term, "dumb") == 0)
		rc = doctor_add(r, err, "terminal", "TERM", DOCTOR_WARN,
		                "dumb: the editor cannot draw forms here");
	else
		rc = doctor_add(r, err, "terminal", "TERM", DOCTOR_OK, "%s%s", term,
		                t->stdout_tty ? "" : " (standard output is not a "
		                "terminal now)");
	if (rc < 0)
		return rc;

	if (cfg->no_color)
		rc = doctor_add(r, err, "terminal", "colours", DOCTOR_OK,
		                "monochrome (no-color from %s)",
		                doctor_source(cfg->from[doctor_index("no-color")]));
	else if (t->colors >= 8)
		rc = doctor_add(r, err, "terminal", "colours", DOCTOR_OK, "%d",
		                t->colors);
	else
		rc = doctor_add(r, err, "terminal", "colours", DOCTOR_WARN,
		                "%s: the editor draws in monochrome",
		                t->colors < 0 ? "unknown" : "fewer than 8");
	if (rc < 0)
		return rc;

	const char *cs = t->codeset ? t->codeset : "unknown";
	if (strcmp(cs, "UTF-8") == 0)
		rc = doctor_add(r, err, "terminal", "locale", DOCTOR_OK, "UTF-8");
	else
		rc = doctor_add(r, err, "terminal", "locale", DOCTOR_WARN,
		                "the character set is %s, not UTF-8: names and bios "
		                "beyond ASCII will not show; set LANG=C.UTF-8 (or "
		                "another UTF-8 locale)", cs);
	if (rc < 0)
		return rc;

	if (!picture_previews_built()) {
		rc = doctor_add(r, err, "terminal", "pictures", DOCTOR_OK,
		                "none: built without picture previews (the URL as "
		                "text)");
	} else {
		struct picture_term pt = {.term = t->term,
			.term_program = t->term_program,
			.kitty_window_id = t->kitty_window_id, .tmux = t->tmux,
			.da1_sixel = -1};
		char note[256] = "";
		if (picture_mode_wants_da1(cfg->images, &pt)) {
			rc = doctor_add(r, err, "terminal", "pictures", DOCTOR_OK,
			                "sixel if the terminal says it can at start-up, "
			                "else symbols");
		} else {
			enum config_images m = picture_mode_resolve(cfg->images, &pt,
			                                            note, sizeof note);
			rc = doctor_add(r, err, "terminal", "pictures",
			                *note ? DOCTOR_WARN : DOCTOR_OK, "%s%s%s",
			                config_images_name(m), *note ? ": " : "", note);
		}
	}
	if (rc < 0)
		return rc;

	char home[64], end[64];
	if (!term || !t->terminfo)
		return doctor_add(r, err, "terminal", "Home/End", DOCTOR_WARN,
		                  "unknown without a terminfo entry");
	if (t->seq_home && t->seq_end)
		return doctor_add(r, err, "terminal", "Home/End", DOCTOR_OK,
		                  "Home %s, End %s",
		                  doctor_seq(t->seq_home, home, sizeof home),
		                  doctor_seq(t->seq_end, end, sizeof end));
	return doctor_add(r, err, "terminal", "Home/End", DOCTOR_WARN,
	                  "terminfo for %s has no %s%s%s key", term,
	                  t->seq_home ? "" : "Home (khome)",
	                  !t->seq_home && !t->seq_end ? " or " : "",
	                  t->seq_end ? "" : "End (kend)");
}

int doctor_run(struct doctor_report *r, struct config *cfg,
               const struct doctor_term *term, struct pf_error *err)
{
	struct pf_error e;
	pf_error_clear(&e);
	bool usable = true, bad_token_file = false;
	if (doctor_config_file(r, cfg, err) < 0)
		return -1;
	if (r->checks[r->n - 1].status == DOCTOR_FAIL)
		usable = false;
	if (config_load_env(cfg, &e) < 0) {
		usable = false;
		if (doctor_add(r, err, "settings", "environment", DOCTOR_FAIL, "%s",
		               e.message) < 0)
			return -1;
	}
	if (doctor_token_file(r, cfg, &bad_token_file, err) < 0)
		return -1;
	pf_error_clear(&e);
	if (config_finish(cfg, &e) < 0) {
		usable = false;
		/* a refused token file is the line above already */
		if (!bad_token_file &&
		    doctor_add(r, err, "settings", "settings", DOCTOR_FAIL, "%s",
		               e.message) < 0)
			return -1;
	}
	if (bad_token_file)
		usable = false;
	if (doctor_settings(r, cfg, err) < 0 ||
	    doctor_api(r, cfg, usable, err) < 0 || doctor_machine(r, err) < 0)
		return -1;
	if (term && doctor_terminal(r, cfg, term, err) < 0)
		return -1;
	return 0;
}

bool doctor_failed(const struct doctor_report *r)
{
	for (size_t i = 0; r && i < r->n; i++)
		if (r->checks[i].status == DOCTOR_FAIL)
			return true;
	return false;
}

const char *doctor_status_word(enum doctor_status s)
{
	return s == DOCTOR_FAIL ? "fail" : s == DOCTOR_WARN ? "warn" : "ok";
}

char *doctor_format_text(const struct doctor_report *r)
{
	struct strbuf sb = {0};
	int width = 0; /* the longest name: one column for every section */
	for (size_t i = 0; r && i < r->n; i++)
		if ((int)strlen(r->checks[i].name) > width)
			width = (int)strlen(r->checks[i].name);
	for (size_t s = 0; s < sizeof sections / sizeof sections[0]; s++) {
		bool head = false;
		for (size_t i = 0; r && i < r->n; i++) {
			const struct doctor_check *c = &r->checks[i];
			if (strcmp(c->section, sections[s]) != 0)
				continue;
			if (!head)
				strbuf_appendf(&sb, "%s%s\n", s ? "\n" : "", titles[s]);
			head = true;
			strbuf_appendf(&sb, "  %-4s  %-*s  %s\n",
			               doctor_status_word(c->status), width, c->name,
			               c->detail);
		}
	}
	strbuf_appendf(&sb, "\n%s\n", doctor_failed(r) ? "Something failed: see "
	               "the lines marked fail." : "Nothing failed.");
	if (sb.overflow)
		return NULL;
	return strbuf_take(&sb);
}

char *doctor_format_json(const struct doctor_report *r)
{
	/* All or nothing: a report short of a check would read as complete. */
	cJSON *root = cJSON_CreateObject();
	cJSON *list = NULL;
	bool ok = root && cJSON_AddBoolToObject(root, "ok", !doctor_failed(r)) &&
	          (list = cJSON_AddArrayToObject(root, "checks"));
	for (size_t s = 0; ok && s < sizeof sections / sizeof sections[0]; s++)
		for (size_t i = 0; ok && r && i < r->n; i++) {
			const struct doctor_check *c = &r->checks[i];
			if (strcmp(c->section, sections[s]) != 0)
				continue;
			cJSON *o = cJSON_CreateObject();
			if (!o || !cJSON_AddItemToArray(list, o)) {
				cJSON_Delete(o);
				ok = false;
				break;
			}
			ok = cJSON_AddStringToObject(o, "section", c->section) &&
			     cJSON_AddStringToObject(o, "name", c->name) &&
			     cJSON_AddStringToObject(o, "status",
			                             doctor_status_word(c->status)) &&
			     cJSON_AddStringToObject(o, "detail", c->detail);
		}
	char *out = ok ? cJSON_Print(root) : NULL;
	cJSON_Delete(root);
	return out;
}

void doctor_free(struct doctor_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++) {
		free(r->checks[i].name);
		free(r->checks[i].detail);
	}
	free(r->checks);
	memset(r, 0, sizeof *r);
}
