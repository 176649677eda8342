/* audit.c - the audit trail and its reader; see audit.h. */
#include "audit.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "config.h"
#include "listfmt.h"
#include "statefile.h"
#include "strbuf.h"
#include "text.h"

static const char audit_what[] = "audit trail";

struct audit {
	bool enabled;
	char *dir;            /* ".../profed/audit/" */
	char *env;
	char *account;
	char *version;
	enum cap_cred kind;
	enum audit_source source;
	char last4[5];
	long long fixed_now;  /* tests: a fixed clock (0: the real one) */
	int fd;               /* the open day file, -1 when none */
	char day[11];         /* its day */
	bool failed, warned;
	unsigned seq;
};

const char *audit_outcome_name(enum audit_outcome o)
{
	return o == AUDIT_SAVED ? "saved" : o == AUDIT_NOT_SAVED ? "not saved"
	                                                         : "not known";
}

const char *audit_mode_name(enum audit_mode m)
{
	return m == AUDIT_MODE_SET ? "set" : m == AUDIT_MODE_BULK ? "bulk"
	                                                          : "editor";
}

const char *audit_source_name(enum audit_source s)
{
	switch (s) {
	case AUDIT_SRC_FILE:
		return "file";
	case AUDIT_SRC_CONFIG:
		return "config";
	case AUDIT_SRC_PROMPT:
		return "prompt";
	default:
		return "environment";
	}
}

/* The rank setting name came from in cfg. */
static enum config_source audit_from(const struct config *cfg, const char *name)
{
	size_t n;
	const struct config_option *o = config_options(&n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(o[i].name, name) == 0)
			return cfg->from[i];
	return CONFIG_FROM_DEFAULT;
}

enum audit_source audit_source_of(const struct config *cfg)
{
	if (!cfg)
		return AUDIT_SRC_ENVIRONMENT;
	/* config_finish reads the token file when it outranks the token */
	if (cfg->token_file &&
	    audit_from(cfg, "token-file") >= audit_from(cfg, "token"))
		return AUDIT_SRC_FILE;
	return audit_from(cfg, "token") == CONFIG_FROM_FILE ? AUDIT_SRC_CONFIG
	                                                    : AUDIT_SRC_ENVIRONMENT;
}

void audit_set_credential(struct audit *a, enum cap_cred kind,
                          enum audit_source source, const char *token)
{
	if (!a)
		return;
	a->kind = kind;
	a->source = source;
	a->last4[0] = '\0';
	size_t n = token ? strlen(token) : 0;
	if (n >= AUDIT_TAIL_MIN)
		memcpy(a->last4, token + n - 4, 5);
}

void audit_set_kind(struct audit *a, enum cap_cred kind)
{
	if (a)
		a->kind = kind;
}

/* Unix milliseconds now (or the fixed clock). */
static long long audit_now_ms(const struct audit *a)
{
	if (a && a->fixed_now)
		return a->fixed_now * 1000;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* "YYYY-MM-DD" of the UTC day of Unix second t into out[11]. */
static void audit_day_of(long long t, char out[11])
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm))
		memset(&tm, 0, sizeof tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

bool audit_valid_day(const char *s)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return !(m == 2 && d == 29 && !leap);
}

/* Whether name is exactly "YYYY-MM-DD.jsonl" of a real day. */
static bool audit_day_file(const char *name, char day[11])
{
	if (!name || strlen(name) != 16 || strcmp(name + 10, ".jsonl") != 0)
		return false;
	memcpy(day, name, 10);
	day[10] = '\0';
	return audit_valid_day(day);
}

int audit_prune(const char *dir, long days, long long now)
{
	if (!dir || days < 1)
		return -1;
	char cutoff[11];
	audit_day_of(now - (long long)days * 86400, cutoff);
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		char day[11];
		if (!audit_day_file(e->d_name, day) || strcmp(day, cutoff) >= 0)
			continue;
		if (unlinkat(dirfd(d), e->d_name, 0) == 0)
			n++;
	}
	closedir(d);
	return n;
}

struct audit *audit_open_at(const struct config *cfg, enum cap_cred kind,
                            enum audit_source source, const char *version,
                            const char *dir, long long now)
{
	struct audit *a = calloc(1, sizeof *a);
	if (!a)
		return NULL;
	a->fd = -1;
	a->fixed_now = now;
	a->enabled = cfg ? cfg->audit : true;
	struct pf_error ignore;
	pf_error_clear(&ignore);
	a->dir = dir ? strdup(dir) : statefile_dir("audit", "an audit trail",
	                                           &ignore);
	a->env = strdup(cfg && cfg->base_url ? cfg->base_url : "");
	a->account = cfg && cfg->account_id ? strdup(cfg->account_id) : NULL;
	a->version = strdup(version ? version : "");
	if (!a->env || !a->version || (cfg && cfg->account_id && !a->account) ||
	    (dir && !a->dir)) {
		audit_close(a);
		return NULL;
	}
	audit_set_credential(a, kind, source, cfg ? cfg->token : NULL);
	if (a->enabled && a->dir)
		audit_prune(a->dir, cfg && cfg->audit_days > 0 ? cfg->audit_days
		                                               : CONFIG_AUDIT_DAYS,
		            audit_now_ms(a) / 1000);
	return a;
}

struct audit *audit_open(const struct config *cfg, enum cap_cred kind,
                         enum audit_source source, const char *version)
{
	return audit_open_at(cfg, kind, source, version, NULL, 0);
}

void audit_close(struct audit *a)
{
	if (!a)
		return;
	if (a->fd >= 0)
		close(a->fd);
	free(a->dir);
	free(a->env);
	free(a->account);
	free(a->version);
	free(a);
}

const char *audit_dir(const struct audit *a)
{
	return a ? a->dir : NULL;
}

bool audit_warn_once(struct audit *a)
{
	if (!a || !a->failed || a->warned)
		return false;
	a->warned = true;
	return true;
}

/* A fresh id: 16 hex digits from getrandom, else from the clock, pid and
 * a counter. */
static void audit_new_id(struct audit *a, char out[17])
{
	unsigned char b[8];
	if (getrandom(b, sizeof b, GRND_NONBLOCK) != (ssize_t)sizeof b) {
		unsigned long long x = (unsigned long long)audit_now_ms(NULL) ^
		                       ((unsigned long long)getpid() << 40) ^
		                       ((unsigned long long)++a->seq << 20);
		for (int i = 0; i < 8; i++)
			b[i] = (unsigned char)(x >> (i * 8));
	}
	for (int i = 0; i < 8; i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
}

/* Make sure a->fd is today's file; 0 or -1 with err. */
static int audit_open_day(struct audit *a, const char *day,
                          struct pf_error *err)
{
	if (a->fd >= 0 && strcmp(a->day, day) == 0)
		return 0;
	if (a->fd >= 0) {
		close(a->fd);
		a->fd = -1;
	}
	if (!a->dir)
		return pf_error_set(err, PF_ERR_CONFIG, "cannot keep an audit "
		                    "trail: neither XDG_STATE_HOME nor HOME is set");
	if (statefile_private_dir(a->dir, audit_what, err) < 0)
		return -1;
	char path[4096];
	if ((size_t)snprintf(path, sizeof path, "%s%s.jsonl", a->dir, day) >=
	    sizeof path)
		return pf_error_set(err, PF_ERR_IO, "the audit trail's path is too "
		                    "long");
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW |
	              O_CLOEXEC | O_NONBLOCK, 0600);
	if (fd < 0)
		return pf_error_set(err, PF_ERR_IO, "refusing the %s %s: %s",
		                    audit_what, path, strerror(errno));
	if (statefile_check_fd(fd, path, 0, audit_what, err) < 0) {
		close(fd);
		return -1;
	}
	a->fd = fd;
	memcpy(a->day, day, 11);
	return 0;
}

/* Add string s (or null) to o as key. */
static bool audit_str(cJSON *o, const char *key, const char *s)
{
	return s ? cJSON_AddStringToObject(o, key, s) != NULL
	         : cJSON_AddNullToObject(o, key) != NULL;
}

/* Build and append one line; 0 or -1 with err. */
static int audit_write(struct audit *a, const struct audit_request *rq,
                       bool outcome_line, enum audit_outcome outcome,
                       long status, const char *request_id,
                       struct pf_error *err)
{
	long long ms = audit_now_ms(a);
	char day[11], stamp[40];
	audit_day_of(ms / 1000, day);
	time_t tt = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&tt, &tm);
	size_t k = strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(stamp + k, sizeof stamp - k, ".%03dZ", (int)(ms % 1000));

	cJSON *o = cJSON_CreateObject(), *ch = NULL, *cred = NULL;
	bool ok = o && cJSON_AddNumberToObject(o, "profed_audit", AUDIT_VERSION) &&
		audit_str(o, "id", rq->id) &&
		audit_str(o, "phase", outcome_line ? "outcome" : "intent") &&
		audit_str(o, "time", stamp) && audit_str(o, "env", a->env) &&
		audit_str(o, "account_id", a->account) &&
		audit_str(o, "user_id", rq->user_id) &&
		audit_str(o, "username", rq->username) &&
		audit_str(o, "mode", audit_mode_name(rq->mode)) &&
		(ch = cJSON_AddArrayToObject(o, "changes"));
	for (size_t i = 0; ok && i < rq->n_changes; i++) {
		const struct audit_change *c = &rq->changes[i];
		cJSON *one = cJSON_CreateObject();
		if (!one || !cJSON_AddItemToArray(ch, one)) {
			cJSON_Delete(one);
			ok = false;
			break;
		}
		ok = audit_str(one, "field", (size_t)c->field < FIELD_COUNT ?
		               edit_fields[c->field].key : "unknown") &&
		     audit_str(one, "old", c->old_value) &&
		     audit_str(one, "new", c->new_value) &&
		     (!c->local_file || audit_str(one, "file", c->local_file));
	}
	ok = ok && (cred = cJSON_AddObjectToObject(o, "credential")) &&
		audit_str(cred, "kind", capability_kind_name(a->kind)) &&
		audit_str(cred, "source", audit_source_name(a->source)) &&
		audit_str(cred, "last4", a->last4) &&
		audit_str(o, "version", a->version);
	if (ok && outcome_line)
		ok = audit_str(o, "outcome", audit_outcome_name(outcome)) &&
		     cJSON_AddNumberToObject(o, "status", (double)status) &&
		     audit_str(o, "request_id", request_id);
	char *text = ok ? cJSON_PrintUnformatted(o) : NULL;
	cJSON_Delete(o);
	int rc = 0;
	if (!text) {
		rc = pf_error_set(err, PF_ERR_NOMEM, "out of memory writing the "
		                  "audit trail");
	} else {
		size_t n = strlen(text);
		text[n] = '\n'; /* replaces the NUL: one write of the whole line */
		rc = audit_open_day(a, day, err);
		if (rc == 0 && statefile_write_all(a->fd, text, n + 1) < 0)
			rc = pf_error_set(err, PF_ERR_IO, "cannot write the audit "
			                  "trail %s%s.jsonl: %s", a->dir, day,
			                  strerror(errno));
		free(text);
	}
	if (rc < 0)
		a->failed = true;
	return rc;
}

int audit_intent(struct audit *a, struct audit_request *rq,
                 struct pf_error *err)
{
	if (!a || !rq)
		return pf_error_set(err, PF_ERR_USAGE, "no audit trail or request");
	audit_new_id(a, rq->id);
	if (!a->enabled)
		return 0;
	return audit_write(a, rq, false, AUDIT_NOT_KNOWN, 0, NULL, err);
}

int audit_outcome(struct audit *a, const struct audit_request *rq,
                  enum audit_outcome outcome, long http_status,
                  const char *request_id, struct pf_error *err)
{
	if (!a || !rq)
		return pf_error_set(err, PF_ERR_USAGE, "no audit trail or request");
	if (!a->enabled)
		return 0;
	return audit_write(a, rq, true, outcome, http_status, request_id, err);
}

/* ------------------------------------------------------------ reading */

struct audit_rec {
	char *id;
	bool outcome;
	cJSON *json;
};

/* The string member key of o, or "". */
static const char *audit_get(const cJSON *o, const char *key)
{
	const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
	return s ? s : "";
}

int audit_log_add_line(struct audit_log *log, const char *line, size_t n)
{
	if (!log)
		return -1;
	if (!line)
		return 0;
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		n--;
	if (!n)
		return 0;
	if (n > AUDIT_MAX_LINE || memchr(line, '\0', n)) {
		log->skipped++;
		return 0;
	}
	const char *end = NULL;
	cJSON *o = cJSON_ParseWithLengthOpts(line, n, &end, 0);
	const cJSON *ver = cJSON_GetObjectItemCaseSensitive(o, "profed_audit");
	const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "id"));
	const char *phase = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "phase"));
	const char *when = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "time"));
	if (!cJSON_IsObject(o) || !cJSON_IsNumber(ver) ||
	    ver->valuedouble != AUDIT_VERSION || !id || !*id || !when ||
	    strlen(when) < 10 || !phase ||
	    (strcmp(phase, "intent") != 0 && strcmp(phase, "outcome") != 0)) {
		cJSON_Delete(o);
		log->skipped++;
		return 0;
	}
	if (log->n_recs == log->cap_recs) {
		size_t cap = log->cap_recs ? log->cap_recs * 2 : 64;
		struct audit_rec *grown = realloc(log->recs, cap * sizeof *grown);
		if (!grown) {
			cJSON_Delete(o);
			return -1;
		}
		log->recs = grown;
		log->cap_recs = cap;
	}
	log->recs[log->n_recs++] = (struct audit_rec){
		.id = (char *)id, .outcome = strcmp(phase, "outcome") == 0,
		.json = o };
	return 0;
}

int audit_log_parse(struct audit_log *log, const char *text, size_t n)
{
	while (text && n) {
		const char *nl = memchr(text, '\n', n);
		size_t len = nl ? (size_t)(nl - text) : n;
		if (audit_log_add_line(log, text, len) < 0)
			return -1;
		text += len + (nl ? 1 : 0);
		n -= len + (nl ? 1 : 0);
	}
	return 0;
}

static int audit_cmp_name(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

int audit_log_read(struct audit_log *log, const char *dir,
                   struct pf_error *err)
{
	if (!log)
		return pf_error_set(err, PF_ERR_USAGE, "no log");
	char *owned = NULL;
	if (!dir && !(dir = owned = statefile_dir("audit", "an audit trail", err)))
		return -1;
	/* the directory itself: ours, private, not a symlink */
	struct stat st;
	char bare[4096];
	snprintf(bare, sizeof bare, "%s", dir);
	for (size_t k = strlen(bare); k > 1 && bare[k - 1] == '/'; k--)
		bare[k - 1] = '\0';
	if (lstat(bare, &st) == 0 &&
	    (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() ||
	     (st.st_mode & (S_IRWXG | S_IRWXO)))) {
		free(owned);
		return pf_error_set(err, PF_ERR_IO, "refusing the audit trail "
		                    "directory %s: a symbolic link, another owner's "
		                    "or open to others (chmod 700 %s)", bare, bare);
	}
	DIR *d = opendir(dir);
	if (!d) {
		int e = errno;
		free(owned);
		if (e == ENOENT)
			return 0; /* no trail yet */
		return pf_error_set(err, PF_ERR_IO, "cannot read the audit trail "
		                    "%s: %s", dir, strerror(e));
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;
	struct dirent *e;
	while (rc == 0 && (e = readdir(d))) {
		char day[11];
		if (!audit_day_file(e->d_name, day) ||
		    (log->filter.since && strcmp(day, log->filter.since) < 0) ||
		    (log->filter.until && strcmp(day, log->filter.until) > 0))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			char **g = realloc(names, cap * sizeof *g);
			if (!g) {
				rc = pf_error_set(err, PF_ERR_NOMEM, "out of memory");
				break;
			}
			names = g;
		}
		if (!(names[n] = strdup(e->d_name)))
			rc = pf_error_set(err, PF_ERR_NOMEM, "out of memory");
		else
			n++;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, audit_cmp_name);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s%s%s", dir,
		         dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
		int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
		if (fd < 0) {
			rc = pf_error_set(err, PF_ERR_IO, "refusing the %s %s: %s",
			                  audit_what, path, strerror(errno));
			break;
		}
		if (statefile_check_fd(fd, path, 0, audit_what, err) < 0) {
			close(fd);
			rc = -1;
			break;
		}
		FILE *f = fdopen(fd, "r");
		if (!f) {
			close(fd);
			rc = pf_error_set(err, PF_ERR_NOMEM, "out of memory");
			break;
		}
		char *line = NULL;
		size_t lcap = 0;
		ssize_t len;
		while (rc == 0 && (len = getline(&line, &lcap, f)) >= 0)
			if (audit_log_add_line(log, line, (size_t)len) < 0)
				rc = pf_error_set(err, PF_ERR_NOMEM, "out of memory");
		free(line);
		fclose(f);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(owned);
	return rc;
}

/* By id, intents before outcomes; then by time. */
static int audit_cmp_id(const void *x, const void *y)
{
	const struct audit_rec *a = x, *b = y;
	int c = strcmp(a->id, b->id);
	return c ? c : (int)a->outcome - (int)b->outcome;
}

static int audit_cmp_time(const void *x, const void *y)
{
	const struct audit_rec *a = x, *b = y;
	int c = strcmp(audit_get(a->json, "time"), audit_get(b->json, "time"));
	return c ? c : strcmp(a->id, b->id);
}

/* Whether rec passes the filter. */
static bool audit_keep(const struct audit_filter *f, const cJSON *o)
{
	const char *t = audit_get(o, "time");
	char day[11];
	snprintf(day, sizeof day, "%.10s", t);
	if (f->since && strcmp(day, f->since) < 0)
		return false;
	if (f->until && strcmp(day, f->until) > 0)
		return false;
	if (f->user && *f->user && strcmp(f->user, audit_get(o, "user_id")) != 0 &&
	    strcasecmp(f->user, audit_get(o, "username")) != 0)
		return false;
	return true;
}

/* A copy of s ("" for NULL); NULL out of memory. */
static char *audit_dup(const char *s)
{
	return strdup(s ? s : "");
}

/* A value of a change as text: a string, or the JSON of anything else. */
static char *audit_value(const cJSON *v)
{
	if (!v || cJSON_IsNull(v))
		return audit_dup("");
	if (cJSON_IsString(v))
		return audit_dup(v->valuestring);
	char *p = cJSON_PrintUnformatted(v);
	return p ? p : NULL;
}

static void audit_row_free(struct audit_row *r)
{
	free(r->time);
	free(r->id);
	free(r->user_id);
	free(r->username);
	free(r->mode);
	free(r->field);
	free(r->old_value);
	free(r->new_value);
	free(r->outcome);
}

/* Append one row; -1 out of memory. */
static int audit_add_row(struct audit_log *log, size_t *cap, const cJSON *o,
                         const cJSON *change)
{
	if (log->n_rows == *cap) {
		size_t c = *cap ? *cap * 2 : 64;
		struct audit_row *g = realloc(log->rows, c * sizeof *g);
		if (!g)
			return -1;
		log->rows = g;
		*cap = c;
	}
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(o, "status");
	struct audit_row r = {
		.time = audit_dup(audit_get(o, "time")),
		.id = audit_dup(audit_get(o, "id")),
		.user_id = audit_dup(audit_get(o, "user_id")),
		.username = audit_dup(audit_get(o, "username")),
		.mode = audit_dup(audit_get(o, "mode")),
		.field = audit_dup(change ? audit_get(change, "field") : ""),
		.old_value = change ? audit_value(cJSON_GetObjectItemCaseSensitive(change, "old")) : audit_dup(""),
		.new_value = change ? audit_value(cJSON_GetObjectItemCaseSensitive(change, "new")) : audit_dup(""),
		.outcome = audit_dup(audit_get(o, "outcome")),
		.status = cJSON_IsNumber(st) && st->valuedouble >= 0 &&
		          st->valuedouble < 1000 ? (long)st->valuedouble : 0,
	};
	if (!r.time || !r.id || !r.user_id || !r.username || !r.mode ||
	    !r.field || !r.old_value || !r.new_value || !r.outcome) {
		audit_row_free(&r);
		return -1;
	}
	log->rows[log->n_rows++] = r;
	return 0;
}

int audit_log_finish(struct audit_log *log)
{
	if (!log)
		return -1;
	if (log->n_recs)
		qsort(log->recs, log->n_recs, sizeof *log->recs, audit_cmp_id);
	/* keep one record per id: its outcome, else its intent */
	size_t k = 0;
	for (size_t i = 0; i < log->n_recs; i++) {
		bool last_of_id = i + 1 == log->n_recs ||
		                  strcmp(log->recs[i].id, log->recs[i + 1].id) != 0;
		if (!last_of_id || !audit_keep(&log->filter, log->recs[i].json)) {
			cJSON_Delete(log->recs[i].json);
			continue;
		}
		log->recs[k++] = log->recs[i];
	}
	log->n_recs = k;
	if (k)
		qsort(log->recs, k, sizeof *log->recs, audit_cmp_time);
	log->records = calloc(k ? k : 1, sizeof *log->records);
	if (!log->records)
		return -1;
	size_t cap = 0;
	for (size_t i = 0; i < k; i++) {
		cJSON *o = log->recs[i].json;
		if (!log->recs[i].outcome) {
			cJSON_DeleteItemFromObjectCaseSensitive(o, "outcome");
			if (!cJSON_AddStringToObject(o, "outcome", "not known"))
				return -1;
		}
		if (!(log->records[i] = cJSON_PrintUnformatted(o)))
			return -1;
		log->n_records++;
		const cJSON *changes = cJSON_GetObjectItemCaseSensitive(o, "changes");
		const cJSON *c, *list = cJSON_IsArray(changes) ? changes : NULL;
		size_t rows_before = log->n_rows;
		cJSON_ArrayForEach(c, list)
			if (cJSON_IsObject(c) && audit_add_row(log, &cap, o, c) < 0)
				return -1;
		if (log->n_rows == rows_before && audit_add_row(log, &cap, o, NULL) < 0)
			return -1;
	}
	return 0;
}

/* "old → new", each side cut to keep the row short. */
static char *audit_change_text(const struct audit_row *r)
{
	char *o = text_truncate(r->old_value, 24), *n = text_truncate(r->new_value, 24);
	struct strbuf sb = { 0 };
	int rc = o && n ? strbuf_appendf(&sb, "%s \u2192 %s", o, n) : -1;
	free(o);
	free(n);
	if (rc < 0) {
		strbuf_free(&sb);
		return NULL;
	}
	return strbuf_take(&sb);
}

char *audit_log_table(const struct audit_log *log, size_t width)
{
	if (!log || !log->n_rows)
		return strdup("No changes recorded.\n");
	static const char *const titles[] = { "TIME (UTC)", "USER", "FIELD",
	                                      "OLD \u2192 NEW", "OUTCOME" };
	enum { NC = 5 };
	const char **cells = calloc(log->n_rows * NC, sizeof *cells);
	char **owned = calloc(log->n_rows * 3, sizeof *owned);
	char *text = NULL;
	bool oom = !cells || !owned;
	for (size_t i = 0; !oom && i < log->n_rows; i++) {
		const struct audit_row *r = &log->rows[i];
		char *when = malloc(20), *change = audit_change_text(r), *outcome = NULL;
		struct strbuf sb = { 0 };
		if (r->status && strbuf_appendf(&sb, "%s (%ld)", r->outcome, r->status) == 0)
			outcome = strbuf_take(&sb);
		else if (!r->status)
			outcome = strdup(r->outcome);
		strbuf_free(&sb);
		if (when)
			snprintf(when, 20, "%.10s %.5s", r->time,
			         strlen(r->time) > 11 ? r->time + 11 : "");
		owned[i * 3] = when;
		owned[i * 3 + 1] = change;
		owned[i * 3 + 2] = outcome;
		oom = !when || !change || !outcome;
		cells[i * NC] = when;
		cells[i * NC + 1] = *r->username ? r->username : r->user_id;
		cells[i * NC + 2] = r->field;
		cells[i * NC + 3] = change;
		cells[i * NC + 4] = outcome;
	}
	if (!oom)
		text = listfmt_table(titles, NC, cells, log->n_rows, width);
	for (size_t i = 0; owned && i < log->n_rows * 3; i++)
		free(owned[i]);
	free(owned);
	free(cells);
	return text;
}

char *audit_log_json(const struct audit_log *log)
{
	return listfmt_json_array(log ? (const char *const *)log->records : NULL,
	                          log ? log->n_records : 0);
}

void audit_log_free(struct audit_log *log)
{
	if (!log)
		return;
	for (size_t i = 0; i < log->n_rows; i++)
		audit_row_free(&log->rows[i]);
	free(log->rows);
	for (size_t i = 0; i < log->n_records; i++)
		free(log->records[i]);
	free(log->records);
	for (size_t i = 0; i < log->n_recs; i++)
		cJSON_Delete(log->recs[i].json);
	free(log->recs);
	struct audit_filter f = log->filter;
	*log = (struct audit_log){ .filter = f };
}
