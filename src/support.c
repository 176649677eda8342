/* support.c - the support endpoints over the request engine; see
 * support.h. */
#include "support.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "config.h"
#include "http.h"
#include "strbuf.h"

void support_result_free(struct support_result *r)
{
	if (!r)
		return;
	members_user_page_free(&r->users);
	members_member_page_free(&r->members);
	members_log_page_free(&r->logs);
	members_access_free(&r->access);
	memset(r, 0, sizeof *r);
}

/* "&name=value" (value escaped) when value is set and not empty; the
 * first parameter gets '?'. 0 or -1 out of memory. */
static int add_param(struct strbuf *sb, const char *name, const char *value)
{
	char *v;
	int rc;

	if (!value || !*value)
		return 0;
	if (!(v = http_escape(value)))
		return -1;
	rc = strbuf_appendf(sb, "%c%s=%s", strchr(strbuf_str(sb), '?') ? '&'
	                                                                 : '?',
	                    name, v);
	free(v);
	return rc;
}

/* "&first=N" when n > 0, at most max. */
static int add_first(struct strbuf *sb, size_t n, size_t max)
{
	char num[24];

	if (!n)
		return 0;
	snprintf(num, sizeof num, "%zu", n > max ? max : n);
	return add_param(sb, "first", num);
}

/* The built path, or NULL (freed) when rc says a step failed. */
static char *finish(struct strbuf *sb, int rc)
{
	if (rc != 0) {
		strbuf_free(sb);
		return NULL;
	}
	return strbuf_take(sb);
}

char *support_users_path(const char *query, size_t first, const char *after)
{
	struct strbuf sb = { 0 };
	int rc = strbuf_append_str(&sb, "/users");

	rc |= add_param(&sb, "query", query);
	rc |= add_first(&sb, first, MEMBERS_USERS_FIRST_MAX);
	rc |= add_param(&sb, "after", after);
	return finish(&sb, rc);
}

char *support_members_path(const char *account_id,
                           const struct support_query *q)
{
	struct strbuf sb = { 0 };
	int rc = strbuf_append_str(&sb, "/members");

	rc |= add_param(&sb, "account_id", account_id);
	if (q) {
		rc |= add_param(&sb, "query", q->query);
		rc |= add_param(&sb, "status", q->status);
		rc |= add_param(&sb, "access_level", q->access_level);
		rc |= add_param(&sb, "user_ids", q->user_ids);
		rc |= add_first(&sb, q->first, MEMBERS_MEMBERS_FIRST_MAX);
		rc |= add_param(&sb, "after", q->after);
	}
	return finish(&sb, rc);
}

char *support_logs_path(const char *member_id, size_t first,
                        const char *after)
{
	struct strbuf sb = { 0 };
	char *id;
	int rc;

	if (!member_id || !*member_id || !(id = http_escape(member_id)))
		return NULL;
	rc = strbuf_appendf(&sb, "/members/%s/logs", id);
	free(id);
	rc |= add_first(&sb, first, MEMBERS_MEMBERS_FIRST_MAX);
	rc |= add_param(&sb, "after", after);
	return finish(&sb, rc);
}

char *support_access_path(const char *user, const char *resource)
{
	struct strbuf sb = { 0 };
	char *u, *r;
	int rc;

	if (!user || !*user || !strcmp(user, ".") || !strcmp(user, "..") ||
	    !members_resource_ok(resource))
		return NULL;
	u = http_escape(user);
	r = http_escape(resource);
	rc = u && r ? strbuf_appendf(&sb, "/users/%s/access/%s", u, r) : -1;
	free(u);
	free(r);
	return finish(&sb, rc);
}

/* The Api-Version-Date of kind (NULL: the users version). */
static const char *version_of(struct api *a, enum support_kind kind)
{
	const struct config *cfg = api_config(a);

	if (kind == SUPPORT_MEMBERS)
		return cfg && cfg->members_version ? cfg->members_version
		                                   : CONFIG_MEMBERS_VERSION;
	if (kind == SUPPORT_LOGS)
		return cfg && cfg->logs_version ? cfg->logs_version
		                                : CONFIG_LOGS_VERSION;
	return NULL;
}

/* Parse an answer's body as kind into r. 0 or -1 with err. */
static int parse(enum support_kind kind, const char *body, size_t n,
                 struct support_result *r, struct pf_error *err)
{
	memset(r, 0, sizeof *r);
	r->kind = kind;
	switch (kind) {
	case SUPPORT_USERS:
		return members_parse_users(body, n, &r->users, err);
	case SUPPORT_MEMBERS:
		return members_parse_members(body, n, &r->members, err);
	case SUPPORT_LOGS:
		return members_parse_logs(body, n, &r->logs, err);
	case SUPPORT_ACCESS:
		return members_parse_access(body, n, &r->access, err);
	}
	return pf_error_set(err, PF_ERR_USAGE, "no such support request");
}

/* What travels with a request. */
struct support_op {
	enum support_kind kind;
	support_fn done;
	void *ud;
};

/* The engine's answer: parsed, handed on. */
static void answered(void *ud, long id, const struct api_answer *ans,
                     const struct pf_error *err)
{
	struct support_op *op = ud;
	struct support_result r;
	struct pf_error perr;

	pf_error_clear(&perr);
	if (!ans) {
		op->done(op->ud, id, NULL, err);
	} else if (parse(op->kind, ans->body, ans->body_len, &r, &perr) != 0) {
		support_result_free(&r);
		op->done(op->ud, id, NULL, &perr);
	} else {
		op->done(op->ud, id, &r, err);
		support_result_free(&r); /* what the callback did not move */
	}
	free(op);
}

long support_start(struct api *a, enum support_kind kind, const char *path,
                   support_fn done, void *ud, struct pf_error *err)
{
	struct support_op *op;
	long id;

	if (!a || !path || !done)
		return pf_error_set(err, PF_ERR_USAGE, "no client, path or callback");
	if (!(op = calloc(1, sizeof *op)))
		return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
	*op = (struct support_op){ kind, done, ud };
	id = api_get_json(a, path, version_of(a, kind), answered, op, err);
	if (id < 0)
		free(op);
	return id;
}

/* See support.h: the engine's blocking GET, then the same parse as an
 * asynchronous answer's. */
int support_get_sync(struct api *a, enum support_kind kind, const char *path,
                     struct support_result *out, struct pf_error *err)
{
	struct pf_error perr;
	char *body;
	size_t len;

	memset(out, 0, sizeof *out);
	if (api_get_body_sync(a, path, version_of(a, kind), &body, &len,
	                      err) != 0)
		return -1;
	pf_error_clear(&perr);
	if (parse(kind, body, len, out, &perr) != 0) {
		support_result_free(out);
		*err = perr;
		free(body);
		return -1;
	}
	free(body);
	return 0;
}
