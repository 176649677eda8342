/* lookup.c - the finder's search as you type; see lookup.h. */
#include "lookup.h"

#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "members.h"
#include "support.h"
#include "text.h"

static void rows_clear(struct lookup *l)
{
	for (size_t i = 0; l->cells && i < l->nrows * l->ncols; i++)
		free(l->cells[i]);
	for (size_t i = 0; l->people && i < l->nrows; i++) {
		free(l->people[i].user_id);
		free(l->people[i].username);
		free(l->people[i].name);
	}
	free(l->cells);
	free(l->people);
	free(l->after);
	free(l->searched);
	l->cells = NULL;
	l->people = NULL;
	l->after = NULL;
	l->searched = NULL;
	l->nrows = 0;
	l->answered = false;
}

/* Cancel the request in flight; its callback (run now) is ignored. */
static void cancel(struct lookup *l)
{
	long op = l->op;

	l->op = 0;
	free(l->op_after);
	l->op_after = NULL;
	if (op > 0)
		api_cancel(l->api, op);
}

int lookup_init(struct lookup *l, struct api *api, const char *account_id,
                void (*changed)(void *ud), void *ud)
{
	memset(l, 0, sizeof *l);
	l->api = api;
	l->changed = changed;
	l->ud = ud;
	if (!(l->text = strdup("")))
		return -1;
	if (account_id && *account_id && !(l->account_id = strdup(account_id)))
		return -1;
	return 0;
}

void lookup_free(struct lookup *l)
{
	if (!l)
		return;
	cancel(l);
	rows_clear(l);
	free(l->text);
	free(l->account_id);
	memset(l, 0, sizeof *l);
}

int lookup_type(struct lookup *l, const char *text, long long now_ms)
{
	char *copy;

	if (!text)
		text = "";
	if (l->text && strcmp(l->text, text) == 0)
		return 0;
	if (!(copy = strdup(text)))
		return -1;
	free(l->text);
	l->text = copy;
	cancel(l);
	l->failed = false;
	l->due_ms = *text ? now_ms + LOOKUP_PAUSE_MS : 0;
	if (!*text)
		rows_clear(l);
	return 0;
}

void lookup_stop(struct lookup *l)
{
	cancel(l);
	rows_clear(l);
	l->due_ms = 0;
	l->failed = false;
	if (l->text)
		l->text[0] = '\0';
}

int lookup_timeout_ms(const struct lookup *l, long long now_ms,
                      int timeout_ms)
{
	long long left;

	if (!l->due_ms)
		return timeout_ms;
	left = l->due_ms - now_ms;
	if (left < 0)
		left = 0;
	return left < timeout_ms ? (int)left : timeout_ms;
}

/* Move a page's rows (cells taken from r) and people into l. */
static int rows_add(struct lookup *l, struct members_rows *r,
                    struct lookup_person *p)
{
	size_t n = l->nrows + r->nrows;
	char **cells;
	struct lookup_person *people;

	if (l->ncols && l->ncols != r->ncols)
		return -1;
	cells = realloc(l->cells, (n * r->ncols + 1) * sizeof *cells);
	if (!cells)
		return -1;
	l->cells = cells;
	people = realloc(l->people, (n + 1) * sizeof *people);
	if (!people)
		return -1;
	l->people = people;
	for (size_t i = 0; i < r->nrows * r->ncols; i++) {
		cells[l->nrows * r->ncols + i] = r->cells[i];
		r->cells[i] = NULL;
	}
	memcpy(people + l->nrows, p, r->nrows * sizeof *p);
	l->titles = r->titles;
	l->ncols = r->ncols;
	l->nrows = n;
	return 0;
}


/* The page's rows and people into l. -1 out of memory. */
static int take_page(struct lookup *l, struct support_result *res)
{
	struct members_rows rows = { 0 };
	struct lookup_person *p;
	size_t n = res->kind == SUPPORT_USERS ? res->users.n : res->members.n;
	bool bad = false;
	int rc;

	if (res->kind == SUPPORT_USERS)
		rc = members_rows_users(res->users.items, n, &rows);
	else
		rc = members_rows_members(res->members.items, n, false, &rows);
	if (rc != 0)
		return -1;
	p = calloc(n ? n : 1, sizeof *p);
	if (!p) {
		members_rows_free(&rows);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const struct person *who = res->kind == SUPPORT_USERS
		                           ? &res->users.items[i]
		                           : res->members.items[i].user;
		if (!who)
			continue;
		p[i].user_id = text_dup(who->id, &bad);
		p[i].username = text_dup(who->username, &bad);
		p[i].name = text_dup(who->name, &bad);
	}
	if (bad || rows_add(l, &rows, p) != 0) {
		for (size_t i = 0; i < n; i++) {
			free(p[i].user_id);
			free(p[i].username);
			free(p[i].name);
		}
		free(p);
		members_rows_free(&rows);
		return -1;
	}
	free(p);
	members_rows_free(&rows);
	return 0;
}

/* A page arrived (or the request failed). */
static void answered(void *ud, long id, struct support_result *res,
                     const struct pf_error *err)
{
	struct lookup *l = ud;
	const struct page_info *info;
	bool first;

	if (id != l->op) { /* cancelled or replaced: not ours any more */
		support_result_free(res);
		return;
	}
	first = l->op_after == NULL;
	l->op = 0;
	free(l->op_after);
	l->op_after = NULL;
	if (!res) {
		if (err->kind != PF_ERR_CANCELLED) {
			l->failed = true;
			l->err = *err;
		}
		if (l->changed)
			l->changed(l->ud);
		return;
	}
	if (first) {
		rows_clear(l);
		if (!(l->searched = strdup(l->text)))
			goto nomem;
	}
	if (take_page(l, res) != 0)
		goto nomem;
	info = res->kind == SUPPORT_USERS ? &res->users.info : &res->members.info;
	free(l->after);
	l->after = NULL;
	if (members_page_more(info) && l->nrows < LOOKUP_MAX_ROWS &&
	    !(l->after = strdup(info->end_cursor)))
		goto nomem;
	l->answered = true;
	support_result_free(res);
	if (l->changed)
		l->changed(l->ud);
	return;
nomem:
	support_result_free(res);
	l->failed = true;
	pf_error_set(&l->err, PF_ERR_NOMEM, "out of memory");
	if (l->changed)
		l->changed(l->ud);
}

/* Start the request for l->text with cursor after (NULL: first page). */
static bool start(struct lookup *l, const char *after)
{
	struct support_query q = { 0 };
	enum support_kind kind = l->account_id ? SUPPORT_MEMBERS : SUPPORT_USERS;
	char *path;
	long id;

	q.query = l->text;
	q.first = LOOKUP_PAGE_MEMBERS;
	q.after = after;
	path = l->account_id ? support_members_path(l->account_id, &q)
	                     : support_users_path(l->text, LOOKUP_PAGE_USERS,
	                                          after);
	l->failed = false;
	if (!path || (after && !(l->op_after = strdup(after)))) {
		free(path);
		l->failed = true;
		pf_error_set(&l->err, PF_ERR_NOMEM, "out of memory");
		return true;
	}
	l->requests++;
	id = support_start(l->api, kind, path, answered, l, &l->err);
	free(path);
	if (id < 0) {
		free(l->op_after);
		l->op_after = NULL;
		l->failed = true;
		return true;
	}
	l->op = id;
	return true;
}

bool lookup_tick(struct lookup *l, long long now_ms)
{
	if (!l->due_ms || now_ms < l->due_ms)
		return false;
	l->due_ms = 0;
	cancel(l);
	return start(l, NULL);
}

bool lookup_has_more(const struct lookup *l)
{
	return l->after && l->searched && l->text &&
	       strcmp(l->searched, l->text) == 0 && !l->due_ms;
}

bool lookup_more(struct lookup *l)
{
	char *after;
	bool rc;

	if (l->op || !lookup_has_more(l))
		return false;
	after = strdup(l->after);
	if (!after)
		return false;
	rc = start(l, after);
	free(after);
	return rc;
}

bool lookup_busy(const struct lookup *l)
{
	return l->due_ms || l->op;
}
