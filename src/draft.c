/* draft.c - unsent edits kept on disk; see draft.h.
 *
 * The file is small JSON built and read with cJSON. Writing goes through
 * statefile.c: a temporary file in the same directory and rename(2), so a
 * crash at any moment leaves the old draft or the new one. Reading trusts nothing: the
 * file must be ours, private, bounded, well-formed and for the user being
 * opened.
 */
#include "draft.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "config.h"
#include "jsontext.h"
#include "statefile.h"
#include "strbuf.h"

#define DRAFT_VERSION 1

/* The draft file; see draft.h. Caller frees. */
char *draft_path(const char *env, const char *account_id, const char *user_id,
                 struct pf_error *err)
{
	if (!env || !*env || !user_id || !*user_id) {
		pf_error_set(err, PF_ERR_USAGE, "a draft needs an environment and a user");
		return NULL;
	}
	const char *parts[] = { env, user_id, account_id };
	return statefile_path("drafts", "drafts", parts, 3, ".json", err);
}

/* The environment drafts are filed under for cfg; see draft.h. */
const char *draft_env_of(const struct config *cfg)
{
	return statefile_env_of(cfg);
}

/* draft_path for cfg; see draft.h. Caller frees. */
char *draft_path_for(const struct config *cfg, const char *user_id,
                     struct pf_error *err)
{
	return draft_path(draft_env_of(cfg), cfg ? cfg->account_id : NULL,
	                  user_id, err);
}

/* The JSON text of a draft of e for env, account_id and user_id. Caller
 * frees; NULL out of memory. */
static char *draft_json(const char *env, const char *account_id,
                        const char *user_id, const struct edit *e)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *fields = NULL;
	bool ok = root &&
		cJSON_AddNumberToObject(root, "profed_draft", DRAFT_VERSION) &&
		cJSON_AddStringToObject(root, "env", env) &&
		(account_id ? cJSON_AddStringToObject(root, "account_id", account_id) :
		              cJSON_AddNullToObject(root, "account_id")) &&
		cJSON_AddStringToObject(root, "user_id", user_id) &&
		cJSON_AddNumberToObject(root, "saved_at", (double)time(NULL)) &&
		(fields = cJSON_AddObjectToObject(root, "fields"));
	for (size_t i = 0; ok && i < FIELD_COUNT; i++) {
		enum field_id f = (enum field_id)i;
		if (!edit_is_changed(e, f))
			continue;
		cJSON *one = cJSON_AddObjectToObject(fields, edit_fields[i].key);
		ok = one && cJSON_AddStringToObject(one, "loaded", edit_baseline(e, f)) &&
		     cJSON_AddStringToObject(one, "yours", edit_current(e, f));
	}
	char *text = ok ? cJSON_Print(root) : NULL;
	cJSON_Delete(root);
	return text;
}

/* Save e to path atomically; see draft.h. */
int draft_save(const char *path, const char *env, const char *account_id,
               const char *user_id, const struct edit *e, struct pf_error *err)
{
	if (!path || !env || !user_id || !e)
		return pf_error_set(err, PF_ERR_USAGE, "no draft file, user or edit");
	if (!edit_any_changed(e))
		return draft_remove(path, err);
	char *text = draft_json(env, account_id, user_id, e);
	if (!text)
		return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
	int rc = statefile_write_atomic(path, text, strlen(text), false, "draft",
	                                err);
	free(text);
	return rc;
}

/* Remove the draft; see draft.h. */
int draft_remove(const char *path, struct pf_error *err)
{
	if (!path)
		return pf_error_set(err, PF_ERR_USAGE, "no draft file");
	return statefile_remove(path, "draft", err);
}

/* Free a draft; accepts NULL. */
void draft_free(struct draft *d)
{
	if (!d)
		return;
	free(d->env);
	free(d->account_id);
	free(d->user_id);
	for (size_t i = 0; i < FIELD_COUNT; i++) {
		free(d->loaded[i]);
		free(d->yours[i]);
	}
	free(d);
}

/* A copy of the string member name of o, into *out. Returns 0 (also when
 * absent and optional, or null and nullable: *out stays NULL) or -1 when
 * it is missing, of the wrong type, or out of memory (*oom set). */
static int draft_string(const cJSON *o, const char *name, bool optional,
                        char **out, bool *oom)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	if (optional && (!v || cJSON_IsNull(v)))
		return 0;
	if (!cJSON_IsString(v))
		return -1;
	if (!(*out = strdup(v->valuestring))) {
		*oom = true;
		return -1;
	}
	return 0;
}

/* The field of the table whose JSON key is exactly key, or FIELD_COUNT. */
static enum field_id draft_field(const char *key)
{
	for (size_t i = 0; i < FIELD_COUNT; i++)
		if (key && !strcmp(edit_fields[i].key, key))
			return (enum field_id)i;
	return FIELD_COUNT;
}

/* Parse text as a draft; see draft.h. */
struct draft *draft_parse(const char *text, size_t n, struct pf_error *err)
{
	if (!text || !n || memchr(text, '\0', n)) {
		pf_error_set(err, PF_ERR_IO, "the draft is %s",
		             text && n ? "damaged (a NUL byte)" : "empty");
		return NULL;
	}
	cJSON *root = jsontext_parse(text, n);
	struct draft *d = calloc(1, sizeof(*d));
	bool oom = !d;
	const char *why = NULL;
	const cJSON *ver = cJSON_GetObjectItemCaseSensitive(root, "profed_draft");
	const cJSON *saved = cJSON_GetObjectItemCaseSensitive(root, "saved_at");
	const cJSON *fields = cJSON_GetObjectItemCaseSensitive(root, "fields");
	if (oom)
		goto done;
	if (!cJSON_IsObject(root)) {
		why = "not a JSON object";
	} else if (!cJSON_IsNumber(ver) || ver->valuedouble != DRAFT_VERSION) {
		why = "not a profed draft of a known version";
	} else if (draft_string(root, "env", false, &d->env, &oom) < 0 ||
	           draft_string(root, "user_id", false, &d->user_id, &oom) < 0 ||
	           draft_string(root, "account_id", true, &d->account_id,
	                        &oom) < 0) {
		why = "env, user_id or account_id missing or not text";
	} else if (saved && !cJSON_IsNumber(saved)) {
		why = "saved_at is not a number";
	} else if (!cJSON_IsObject(fields)) {
		why = "fields is not an object";
	}
	if (saved && cJSON_IsNumber(saved) && saved->valuedouble > 0 &&
	    saved->valuedouble < 1e15)
		d->saved_at = (long long)saved->valuedouble;
	for (const cJSON *one = why ? NULL : fields->child; one; one = one->next) {
		enum field_id f = draft_field(one->string);
		if (f == FIELD_COUNT)
			continue; /* a field this build does not know */
		if (d->has[f] || !cJSON_IsObject(one) ||
		    draft_string(one, "loaded", false, &d->loaded[f], &oom) < 0 ||
		    draft_string(one, "yours", false, &d->yours[f], &oom) < 0) {
			why = "a field is repeated or not {loaded, yours} text";
			break;
		}
		d->has[f] = true;
	}
done:
	cJSON_Delete(root);
	if (oom) {
		draft_free(d);
		pf_error_set(err, PF_ERR_NOMEM, "out of memory reading a draft");
		return NULL;
	}
	if (why) {
		draft_free(d);
		pf_error_set(err, PF_ERR_IO, "the draft is damaged (%s)", why);
		return NULL;
	}
	pf_error_clear(err);
	return d;
}

/* NULL-safe string equality. */
static bool draft_same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Read and check the draft at path; see draft.h. */
int draft_load(const char *path, const char *env, const char *account_id,
               const char *user_id, struct draft **out, struct pf_error *err)
{
	if (out)
		*out = NULL;
	if (!path || !env || !user_id || !out)
		return pf_error_set(err, PF_ERR_USAGE, "no draft file, user or result");
	struct strbuf text = { 0 };
	int rc = statefile_read_private(path, DRAFT_MAX_BYTES, "draft", &text, err);
	if (rc == 1)
		return 1;
	struct draft *d = NULL;
	struct pf_error perr;
	pf_error_clear(&perr);
	if (rc == 0 && !(d = draft_parse(strbuf_str(&text), text.len, &perr))) {
		if (perr.kind == PF_ERR_NOMEM)
			rc = pf_error_set(err, PF_ERR_NOMEM, "%s", perr.message);
		else
			rc = pf_error_set(err, PF_ERR_IO, "refusing %s: %.200s", path,
			                  perr.message);
	}
	strbuf_free(&text);
	if (d && (!draft_same(d->env, env) || !draft_same(d->user_id, user_id) ||
	          !draft_same(d->account_id, account_id))) {
		draft_free(d);
		d = NULL;
		rc = pf_error_set(err, PF_ERR_IO, "refusing the draft %s: it "
		                  "belongs to another user or server", path);
	}
	if (!d)
		return rc < 0 ? rc : -1;
	*out = d;
	pf_error_clear(err);
	return 0;
}

/* The draft fields the server changed since; see draft.h. */
size_t draft_server_changes(const struct draft *d, const struct edit *e,
                            enum field_id out[FIELD_COUNT])
{
	size_t n = 0;
	for (size_t i = 0; d && i < FIELD_COUNT; i++)
		if (d->has[i] && !draft_same(d->loaded[i],
		                             edit_baseline(e, (enum field_id)i)))
			out[n++] = (enum field_id)i;
	return n;
}

/* Restore the draft's values into e; see draft.h. */
int draft_apply(const struct draft *d, struct edit *e, struct pf_error *err)
{
	if (!d || !e)
		return pf_error_set(err, PF_ERR_USAGE, "no draft or edit");
	for (size_t i = 0; i < FIELD_COUNT; i++)
		if (d->has[i] && edit_set(e, (enum field_id)i, d->yours[i]) < 0)
			return pf_error_set(err, PF_ERR_NOMEM,
			                    "out of memory restoring the draft");
	pf_error_clear(err);
	return 0;
}

/* A change at now_ms: due DRAFT_DEBOUNCE_MS later, but never later than
 * DRAFT_MAX_DELAY_MS after the first unsaved change. */
void draft_timer_touch(struct draft_timer *t, long long now_ms)
{
	if (!t)
		return;
	if (!t->pending) {
		t->pending = true;
		t->first_ms = now_ms;
	}
	t->due_ms = now_ms + DRAFT_DEBOUNCE_MS;
	if (t->due_ms > t->first_ms + DRAFT_MAX_DELAY_MS)
		t->due_ms = t->first_ms + DRAFT_MAX_DELAY_MS;
}

/* True once when due; the timer is then clear. */
bool draft_timer_due(struct draft_timer *t, long long now_ms)
{
	if (!t || !t->pending || now_ms < t->due_ms)
		return false;
	draft_timer_clear(t);
	return true;
}

/* Milliseconds until due, 0 when due, -1 when nothing is pending. */
long draft_timer_timeout_ms(const struct draft_timer *t, long long now_ms)
{
	if (!t || !t->pending)
		return -1;
	return t->due_ms <= now_ms ? 0 : (long)(t->due_ms - now_ms);
}

/* Nothing pending any more. */
void draft_timer_clear(struct draft_timer *t)
{
	if (t)
		*t = (struct draft_timer){ 0 };
}
