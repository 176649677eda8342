/* cmd_history.c - `profed history USER`: find USER's membership in the
 * business of --account-id, then read its logs with `after` until --limit
 * entries; see cmd.h and docs/decisions.md ("history: finding the
 * member") for the requests it takes. */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api.h"
#include "config.h"
#include "listfmt.h"
#include "members.h"
#include "support.h"
#include "text.h"
#include "user.h"

/* How the member was looked for. */
enum lookup { FOUND, NOT_MEMBER, FAILED };

/* One members page of cfg's account for q into r. 0, or -1 with err
 * saying what was looked for (`what`). */
static int get_members(struct api *api, const struct config *cfg,
                       const struct support_query *q, const char *what,
                       struct support_result *r, struct pf_error *err)
{
	char *path = support_members_path(cfg->account_id, q);
	int rc;

	if (!path) {
		pf_error_set(err, PF_ERR_NOMEM, "out of memory");
		return -1;
	}
	rc = support_get_sync(api, SUPPORT_MEMBERS, path, r, err);
	free(path);
	if (rc != 0)
		cmd_set_what(err, "look for %s among the members of %s",
		             what, cfg->account_id);
	return rc != 0 ? -1 : 0;
}

/* m's id copied to *member_id: FOUND, or FAILED out of memory. */
static enum lookup take_id(const struct member *m, char **member_id,
                           struct pf_error *err)
{
	if (!(*member_id = strdup(m->id))) {
		pf_error_set(err, PF_ERR_NOMEM, "out of memory");
		return FAILED;
	}
	return FOUND;
}

/* The member of `user_ids=id` (one request). */
static enum lookup by_user_id(struct api *api, const struct config *cfg,
                              const char *id, char **member_id,
                              struct pf_error *err)
{
	struct support_query q = { .user_ids = id };
	struct support_result r;
	enum lookup found = NOT_MEMBER;

	if (get_members(api, cfg, &q, id, &r, err) != 0)
		return FAILED;
	/* the server filters; a member of another user is not taken */
	for (size_t i = 0; i < r.members.n && found == NOT_MEMBER; i++) {
		const struct member *m = &r.members.items[i];
		if (m->user && m->user->id && strcmp(m->user->id, id) == 0)
			found = take_id(m, member_id, err);
	}
	support_result_free(&r);
	return found;
}

/* A username: one members search for it (its own username always
 * matches it), taking the member whose username is the same ignoring
 * case. When that page is not the whole answer and has no such member,
 * the user's id is asked for (GET /users/USERNAME) and then user_ids=.
 * When the page was the whole answer, the user is asked for only to tell
 * "no such user" (404) from "not a member". */
static enum lookup by_username(struct api *api, const struct config *cfg,
                               const char *username, char **member_id,
                               struct pf_error *err)
{
	struct support_query q = { .query = username,
	                           .first = MEMBERS_MEMBERS_FIRST_MAX };
	struct support_result r;
	struct user *u = NULL;
	enum lookup found = NOT_MEMBER;
	bool whole;

	if (get_members(api, cfg, &q, username, &r, err) != 0)
		return FAILED;
	for (size_t i = 0; i < r.members.n && found == NOT_MEMBER; i++) {
		const struct member *m = &r.members.items[i];
		if (m->user && m->user->username &&
		    strcasecmp(m->user->username, username) == 0)
			found = take_id(m, member_id, err);
	}
	whole = !members_page_more(&r.members.info);
	support_result_free(&r);
	if (found != NOT_MEMBER)
		return found;
	if (api_user_get_sync(api, username, &u, err) != 0)
		return FAILED; /* 404: no such user, through the formatter */
	if (!whole && u->id)
		found = by_user_id(api, cfg, u->id, member_id, err);
	user_free(u);
	return found;
}

/* USER's member id in cfg's account. */
static enum lookup find_member(struct api *api, const struct config *cfg,
                               const char *who, char **member_id,
                               struct pf_error *err)
{
	struct user *u = NULL;
	enum lookup found;

	if (strncmp(who, "user_", 5) == 0)
		return by_user_id(api, cfg, who, member_id, err);
	if (strcmp(who, "me") != 0)
		return by_username(api, cfg, who, member_id, err);
	if (api_user_get_sync(api, "me", &u, err) != 0)
		return FAILED;
	found = u->id ? by_user_id(api, cfg, u->id, member_id, err) : NOT_MEMBER;
	user_free(u);
	return found;
}

/* The log entries read so far. */
struct entries {
	struct member_log *items;
	size_t n;
};

static void entries_free(struct entries *e)
{
	struct log_page p = { e->items, e->n, { 0 } };

	members_log_page_free(&p);
	memset(e, 0, sizeof *e);
}

/* Move up to take entries of page p to e. 0 or -1 out of memory. */
static int take(struct entries *e, struct log_page *p, size_t n)
{
	struct member_log *m;

	if (n > p->n)
		n = p->n;
	if (!n)
		return 0;
	if (!(m = realloc(e->items, (e->n + n) * sizeof *m)))
		return -1;
	e->items = m;
	cmd_take_front(e->items + e->n, p->items, p->n, n, sizeof *m);
	e->n += n;
	p->n -= n;
	return 0;
}

/* Read the member's logs until limit entries or the last page. */
static int read_logs(struct api *api, const char *member_id, size_t limit,
                     struct entries *e, struct pf_error *err)
{
	char *after = NULL;
	int rc = 0;

	while (rc == 0 && e->n < limit) {
		struct support_result r;
		char *path = support_logs_path(member_id, cmd_page_first(limit, e->n,
		                               MEMBERS_MEMBERS_FIRST_MAX), after);
		size_t got;
		int more = 0;

		if (!path) {
			rc = pf_error_set(err, PF_ERR_NOMEM, "out of memory");
			break;
		}
		rc = support_get_sync(api, SUPPORT_LOGS, path, &r, err);
		free(path);
		if (rc != 0) {
			cmd_set_what(err, "read the history of member %s", member_id);
			break;
		}
		got = r.logs.n;
		if (take(e, &r.logs, limit - e->n) != 0)
			rc = pf_error_set(err, PF_ERR_NOMEM, "out of memory");
		else if ((more = cmd_next_page(&after, got, &r.logs.info, err)) < 0)
			rc = -1;
		support_result_free(&r);
		if (more <= 0)
			break;
	}
	free(after);
	return rc;
}

/* The entries as a table or (json) one array. NULL out of memory. */
static char *format(const struct entries *e, bool json, size_t width)
{
	if (json) {
		const char **items = calloc(e->n ? e->n : 1, sizeof *items);
		char *text;
		if (!items)
			return NULL;
		for (size_t i = 0; i < e->n; i++)
			items[i] = e->items[i].json;
		text = listfmt_json_array(items, e->n);
		free(items);
		return text;
	}
	if (!e->n)
		return strdup("No history.\n");
	struct members_rows rows = { 0 };
	if (members_rows_logs(e->items, e->n, &rows) != 0)
		return NULL;
	char *text = listfmt_table(rows.titles, rows.ncols,
	                           (const char *const *)rows.cells, rows.nrows,
	                           width);
	members_rows_free(&rows);
	return text;
}

/* "profed: USER is not a member of biz_…." (both sanitised). */
static int not_member(FILE *errout, const char *who, const char *account)
{
	char *w = text_sanitize(who, 0), *acc = text_sanitize(account, 0);

	fprintf(errout, "profed: %s is not a member of %s.\n", w ? w : "?",
	        acc ? acc : "?");
	free(w);
	free(acc);
	return PF_EXIT_NOT_FOUND;
}

int cmd_history(const struct config *cfg, const struct cmd_args *a,
                FILE *out, FILE *errout)
{
	struct pf_error err;
	struct entries e = { 0 };
	struct api *api = NULL;
	char *member_id = NULL, *text = NULL;
	size_t limit = 0;
	int rc = PF_EXIT_OK;

	pf_error_clear(&err);
	if (!a->user || !*a->user)
		pf_error_set(&err, PF_ERR_USAGE,
		             "history needs a USER: a user_ id or a username");
	else if (!cfg->account_id || !*cfg->account_id)
		pf_error_set(&err, PF_ERR_USAGE,
		             "history needs --account-id (or account-id in the "
		             "config): the business whose member USER is");
	else if (cmd_parse_limit(a->limit, CMD_HISTORY_LIMIT, &limit, &err) == 0)
		if (config_require_token(cfg, &err) == 0)
			api = api_new(cfg, &err);
	if (!api) {
		rc = pf_error_report(errout, &err);
		goto out;
	}
	switch (find_member(api, cfg, a->user, &member_id, &err)) {
	case FAILED:
		rc = pf_error_report(errout, &err);
		goto out;
	case NOT_MEMBER:
		rc = not_member(errout, a->user, cfg->account_id);
		goto out;
	case FOUND:
		break;
	}
	if (read_logs(api, member_id, limit, &e, &err) != 0) {
		rc = pf_error_report(errout, &err);
		goto out;
	}
	if (!(text = format(&e, a->format == CMD_JSON, a->width))) {
		pf_error_set(&err, PF_ERR_NOMEM, "out of memory");
		rc = pf_error_report(errout, &err);
		goto out;
	}
	fputs(text, out);
out:
	free(text);
	free(member_id);
	entries_free(&e);
	api_free(api);
	return rc;
}
