/* recent.c - recent people on disk; see recent.h. */
#include "recent.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "config.h"
#include "jsontext.h"
#include "statefile.h"
#include "strbuf.h"
#include "text.h"

#define RECENT_VERSION 1
static const char recent_what[] = "recent-people file";

char *recent_path(const char *env, const char *account_id,
                  struct pf_error *err)
{
	if (!env || !*env) {
		pf_error_set(err, PF_ERR_USAGE, "recent people need an environment");
		return NULL;
	}
	const char *parts[] = { env, account_id };
	return statefile_path("recent", "recent people", parts, 2, ".json", err);
}

char *recent_path_for(const struct config *cfg, struct pf_error *err)
{
	return recent_path(statefile_env_of(cfg), cfg ? cfg->account_id : NULL,
	                   err);
}

static void recent_entry_free(struct recent_entry *e)
{
	free(e->user_id);
	free(e->username);
	free(e->name);
	*e = (struct recent_entry){ 0 };
}

void recent_clear(struct recent *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		recent_entry_free(&r->items[i]);
	free(r->self_id);
	*r = (struct recent){ 0 };
}

static bool recent_is_user_id(const char *s)
{
	return s && strncmp(s, "user_", 5) == 0 && s[5];
}

int recent_parse(const char *text, size_t n, struct recent *r,
                 struct pf_error *err)
{
	if (!r)
		return pf_error_set(err, PF_ERR_USAGE, "no list");
	recent_clear(r);
	if (!text || !n || memchr(text, '\0', n))
		return pf_error_set(err, PF_ERR_IO, "the %s is %s", recent_what,
		                    text && n ? "damaged (a NUL byte)" : "empty");
	cJSON *root = jsontext_parse(text, n);
	const cJSON *ver = cJSON_GetObjectItemCaseSensitive(root, "profed_recent");
	const cJSON *people = cJSON_GetObjectItemCaseSensitive(root, "people");
	if (!cJSON_IsObject(root) || !cJSON_IsNumber(ver) ||
	    ver->valuedouble != RECENT_VERSION ||
	    !cJSON_IsArray(people)) {
		cJSON_Delete(root);
		return pf_error_set(err, PF_ERR_IO, "the %s is damaged (not a "
		                    "profed recent-people list)", recent_what);
	}
	bool oom = false;
	char *self = jsontext_str(root, "self_id", RECENT_MAX_TEXT, &oom);
	if (self && recent_is_user_id(self))
		r->self_id = self;
	else
		free(self);
	const cJSON *p;
	cJSON_ArrayForEach(p, people) {
		if (oom || r->n == RECENT_MAX)
			break;
		if (!cJSON_IsObject(p))
			continue;
		struct recent_entry e = { 0 };
		e.user_id = jsontext_str(p, "id", RECENT_MAX_TEXT, &oom);
		bool dup = false;
		for (size_t i = 0; e.user_id && i < r->n; i++)
			dup |= strcmp(r->items[i].user_id, e.user_id) == 0;
		if (!recent_is_user_id(e.user_id) || dup) {
			recent_entry_free(&e);
			continue;
		}
		e.username = jsontext_str(p, "username", RECENT_MAX_TEXT, &oom);
		e.name = jsontext_str(p, "name", RECENT_MAX_TEXT, &oom);
		const cJSON *at = cJSON_GetObjectItemCaseSensitive(p, "at");
		if (cJSON_IsNumber(at) && at->valuedouble > 0 &&
		    at->valuedouble < 1e15)
			e.at = (long long)at->valuedouble;
		r->items[r->n++] = e;
	}
	cJSON_Delete(root);
	if (oom) {
		recent_clear(r);
		return pf_error_set(err, PF_ERR_NOMEM, "out of memory reading the "
		                    "%s", recent_what);
	}
	pf_error_clear(err);
	return 0;
}

int recent_load(const char *path, struct recent *r, struct pf_error *err)
{
	if (!path || !r)
		return pf_error_set(err, PF_ERR_USAGE, "no %s or list", recent_what);
	recent_clear(r);
	struct strbuf text = { 0 };
	int rc = statefile_read_private(path, RECENT_MAX_BYTES, recent_what,
	                                &text, err);
	if (rc == 1) {
		pf_error_clear(err);
		return 0;
	}
	if (rc == 0) {
		struct pf_error perr;
		pf_error_clear(&perr);
		if (recent_parse(strbuf_str(&text), text.len, r, &perr) < 0)
			rc = pf_error_set(err, perr.kind == PF_ERR_NOMEM ?
			                  PF_ERR_NOMEM : PF_ERR_IO, "refusing %s: "
			                  "%.200s", path, perr.message);
	}
	strbuf_free(&text);
	return rc;
}


int recent_add(struct recent *r, const char *user_id, const char *username,
               const char *name, long long at, struct pf_error *err)
{
	if (!r || !user_id || !*user_id)
		return pf_error_set(err, PF_ERR_USAGE, "a recent person needs an id");
	bool oom = false;
	struct recent_entry e = {
		.user_id = text_dup(user_id, &oom),
		.username = text_dup(username, &oom),
		.name = text_dup(name, &oom),
		.at = at,
	};
	if (oom) {
		recent_entry_free(&e);
		return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
	}
	size_t at_i = r->n; /* the slot that leaves: the same id, or the last */
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->items[i].user_id, user_id) == 0) {
			at_i = i;
			break;
		}
	if (at_i == r->n && r->n == RECENT_MAX)
		at_i = RECENT_MAX - 1;
	if (at_i < r->n)
		recent_entry_free(&r->items[at_i]);
	else
		r->n++;
	memmove(&r->items[1], &r->items[0], at_i * sizeof r->items[0]);
	r->items[0] = e;
	return 0;
}

int recent_set_self(struct recent *r, const char *user_id,
                    struct pf_error *err)
{
	if (!r)
		return pf_error_set(err, PF_ERR_USAGE, "no list");
	char *c = NULL;
	if (user_id && !(c = strdup(user_id)))
		return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
	free(r->self_id);
	r->self_id = c;
	return 0;
}

bool recent_is_self(const struct recent *r, const char *who)
{
	if (!r || !r->self_id || !who || !*who)
		return false;
	if (strcasecmp(who, r->self_id) == 0)
		return true;
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->items[i].user_id, r->self_id) == 0)
			return r->items[i].username &&
			       strcasecmp(r->items[i].username, who) == 0;
	return false;
}

/* Add string s to o as key, or null. */
static bool recent_add_str(cJSON *o, const char *key, const char *s)
{
	return s ? cJSON_AddStringToObject(o, key, s) != NULL
	         : cJSON_AddNullToObject(o, key) != NULL;
}

int recent_save(const char *path, const char *env, const char *account_id,
                const struct recent *r, struct pf_error *err)
{
	if (!path || !env || !r)
		return pf_error_set(err, PF_ERR_USAGE, "no %s, environment or "
		                    "list", recent_what);
	cJSON *root = cJSON_CreateObject();
	cJSON *people = NULL;
	bool ok = root &&
		cJSON_AddNumberToObject(root, "profed_recent", RECENT_VERSION) &&
		cJSON_AddStringToObject(root, "env", env) &&
		recent_add_str(root, "account_id", account_id) &&
		recent_add_str(root, "self_id", r->self_id) &&
		(people = cJSON_AddArrayToObject(root, "people"));
	for (size_t i = 0; ok && i < r->n && i < RECENT_MAX; i++) {
		cJSON *o = cJSON_CreateObject();
		if (!o || !cJSON_AddItemToArray(people, o)) {
			cJSON_Delete(o);
			ok = false;
			break;
		}
		ok = recent_add_str(o, "id", r->items[i].user_id) &&
		     recent_add_str(o, "username", r->items[i].username) &&
		     recent_add_str(o, "name", r->items[i].name) &&
		     cJSON_AddNumberToObject(o, "at", (double)r->items[i].at);
	}
	char *text = ok ? cJSON_PrintUnformatted(root) : NULL;
	cJSON_Delete(root);
	if (!text)
		return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
	int rc = statefile_write_atomic(path, text, strlen(text), true,
	                                recent_what, err);
	free(text);
	return rc;
}
