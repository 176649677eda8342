/* cmd_find.c - `profed find QUERY`: a business's members (with an
 * account, or --members) or users (without, or --users), paged with
 * `first` and `after` until --limit items are read; see cmd.h. */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "config.h"
#include "listfmt.h"
#include "members.h"
#include "support.h"

/* The note a users search carries (CONTRACT.md). */
#define CMD_FIND_USERS_NOTE \
	"profed: searching users: ranked by closeness to you, not a directory " \
	"(give --account-id to search a business's members).\n"

/* What a search has read so far (users or members). */
struct found {
	struct person *users;
	char **users_json;
	struct member *members;
	size_t n;
};

static void found_free(struct found *f)
{
	struct user_page up = { f->users, f->users_json, f->n, { 0 } };
	struct member_page mp = { f->members, f->n, { 0 } };

	if (f->users)
		members_user_page_free(&up);
	else
		free(f->users_json);
	if (f->members)
		members_member_page_free(&mp);
	memset(f, 0, sizeof *f);
}

/* Move up to take items of the page to f (the rest stay in the page for
 * its free). 0 or -1 out of memory. */
static int take_users(struct found *f, struct user_page *p, size_t take)
{
	struct person *u;
	char **j;

	if (take > p->n)
		take = p->n;
	if (!take)
		return 0;
	u = realloc(f->users, (f->n + take) * sizeof *u);
	if (u)
		f->users = u;
	j = realloc(f->users_json, (f->n + take) * sizeof *j);
	if (j)
		f->users_json = j;
	if (!u || !j)
		return -1;
	cmd_take_front(f->users + f->n, p->items, p->n, take, sizeof *u);
	cmd_take_front(f->users_json + f->n, p->json, p->n, take, sizeof *j);
	f->n += take;
	p->n -= take;
	return 0;
}

static int take_members(struct found *f, struct member_page *p, size_t take)
{
	struct member *m;

	if (take > p->n)
		take = p->n;
	if (!take)
		return 0;
	m = realloc(f->members, (f->n + take) * sizeof *m);
	if (!m)
		return -1;
	f->members = m;
	cmd_take_front(f->members + f->n, p->items, p->n, take, sizeof *m);
	f->n += take;
	p->n -= take;
	return 0;
}

/* Read pages until limit items, the last page, or an error. Never asks
 * for a page it does not need: `first` is what is still wanted (at most
 * the endpoint's most), and the next page only when cmd_next_page
 * says there is one. */
static int search(struct api *api, const struct config *cfg, bool members,
                  const char *query, const struct cmd_args *a, size_t limit,
                  struct found *f, struct pf_error *err)
{
	char *after = NULL;
	int rc = 0;

	while (rc == 0 && f->n < limit) {
		struct support_result r;
		const struct page_info *info;
		size_t got;
		int more = 0;
		char *path;

		if (members) {
			struct support_query q = {
				.query = query, .status = a->status,
				.access_level = a->access_level,
				.first = cmd_page_first(limit, f->n,
				                        MEMBERS_MEMBERS_FIRST_MAX),
				.after = after };
			path = support_members_path(cfg->account_id, &q);
		} else {
			path = support_users_path(query, cmd_page_first(limit, f->n,
			                          MEMBERS_USERS_FIRST_MAX), after);
		}
		if (!path) {
			rc = pf_error_set(err, PF_ERR_NOMEM, "out of memory");
			break;
		}
		rc = support_get_sync(api, members ? SUPPORT_MEMBERS : SUPPORT_USERS,
		                      path, &r, err);
		free(path);
		if (rc != 0) {
			if (!members)
				cmd_set_what(err, "search users");
			else if (cfg->account_id)
				cmd_set_what(err, "search the members of %s",
				             cfg->account_id);
			else
				cmd_set_what(err, "search the members of the key's "
				             "business");
			break;
		}
		got = members ? r.members.n : r.users.n;
		info = members ? &r.members.info : &r.users.info;
		if ((members ? take_members(f, &r.members, limit - f->n)
		             : take_users(f, &r.users, limit - f->n)) != 0)
			rc = pf_error_set(err, PF_ERR_NOMEM, "out of memory");
		else if ((more = cmd_next_page(&after, got, info, err)) < 0)
			rc = -1;
		support_result_free(&r);
		if (more <= 0)
			break;
	}
	free(after);
	return rc;
}

/* The items' JSON texts (borrowed, or owned in *owned[i] when a phone
 * number was taken out). NULL out of memory. */
static const char **json_items(const struct found *f, bool members,
                               bool show_phone, char ***owned)
{
	const char **items = calloc(f->n ? f->n : 1, sizeof *items);

	*owned = calloc(f->n ? f->n : 1, sizeof **owned);
	if (!items || !*owned) {
		free(items);
		free(*owned);
		*owned = NULL;
		return NULL;
	}
	for (size_t i = 0; i < f->n; i++) {
		if (!members)
			items[i] = f->users_json[i];
		else if (show_phone)
			items[i] = f->members[i].json;
		else if (!(items[i] = cmd_json_without_phone(f->members[i].json,
		                                           &(*owned)[i])) &&
		         f->members[i].json) {
			for (size_t k = 0; k < i; k++)
				free((*owned)[k]);
			free(*owned);
			*owned = NULL;
			free(items);
			return NULL;
		}
	}
	return items;
}

/* The text to print in a's format. NULL out of memory. */
static char *format(const struct found *f, bool members,
                    const struct cmd_args *a)
{
	char *text = NULL;

	if (a->format == CMD_JSON || a->format == CMD_JSONL) {
		char **owned;
		const char **items = json_items(f, members, a->show_phone, &owned);
		if (!items)
			return NULL;
		text = a->format == CMD_JSON ? listfmt_json_array(items, f->n)
		                             : listfmt_jsonl(items, f->n);
		for (size_t i = 0; i < f->n; i++)
			free(owned[i]);
		free(owned);
		free(items);
		return text;
	}
	if (!f->n && a->format == CMD_TABLE)
		return strdup("No matches.\n");
	struct members_rows rows = { 0 };
	if ((members ? members_rows_members(f->members, f->n, a->show_phone, &rows)
	             : members_rows_users(f->users, f->n, &rows)) != 0)
		return NULL;
	const char *const *cells = (const char *const *)rows.cells;
	text = a->format == CMD_CSV
	       ? listfmt_csv(rows.titles, rows.ncols, cells, rows.nrows)
	       : listfmt_table(rows.titles, rows.ncols, cells, rows.nrows,
	                       a->width);
	members_rows_free(&rows);
	return text;
}

/* Check the arguments before anything is sent. 0, or -1 with err. */
static int check_args(const struct config *cfg, const struct cmd_args *a,
                      const char *query, bool *members, size_t *limit,
                      struct pf_error *err)
{
	if (!query || !*query)
		return pf_error_set(err, PF_ERR_USAGE,
		                    "find needs a QUERY: a name, a username or, "
		                    "among members, an exact email address");
	if (cmd_parse_limit(a->limit, CMD_FIND_LIMIT, limit, err) != 0)
		return -1;
	if (a->members && a->users)
		return pf_error_set(err, PF_ERR_USAGE,
		                    "--members and --users: give one of them");
	if (a->n_formats > 1)
		return pf_error_set(err, PF_ERR_USAGE,
		                    "--json, --jsonl and --csv: give one of them");
	*members = a->members || (!a->users && cfg->account_id);
	if (!*members && (a->status || a->access_level || a->show_phone))
		return pf_error_set(err, PF_ERR_USAGE,
		                    "--status, --access and --show-phone go with a "
		                    "members search (--account-id or --members)");
	if (a->status && !cmd_one_of(a->status, "joined|left"))
		return pf_error_set(err, PF_ERR_USAGE,
		                    "--status takes joined or left");
	if (a->access_level &&
	    !cmd_one_of(a->access_level, "customer|admin|no_access"))
		return pf_error_set(err, PF_ERR_USAGE,
		                    "--access takes customer, admin or no_access");
	return 0;
}

int cmd_find(const struct config *cfg, const struct cmd_args *a, FILE *out,
             FILE *errout)
{
	struct pf_error err;
	struct found f = { 0 };
	struct api *api = NULL;
	char *query = cmd_join_words(a->args, a->n_args);
	char *text = NULL;
	bool members = false;
	size_t limit = 0;
	int rc = PF_EXIT_OK;

	pf_error_clear(&err);
	if (check_args(cfg, a, query, &members, &limit, &err) != 0 ||
	    config_require_token(cfg, &err) < 0 || !(api = api_new(cfg, &err))) {
		rc = pf_error_report(errout, &err);
		goto out;
	}
	if (!members)
		fputs(CMD_FIND_USERS_NOTE, errout);
	if (search(api, cfg, members, query, a, limit, &f, &err) != 0) {
		rc = pf_error_report(errout, &err);
		goto out;
	}
	if (!(text = format(&f, members, a))) {
		pf_error_set(&err, PF_ERR_NOMEM, "out of memory");
		rc = pf_error_report(errout, &err);
		goto out;
	}
	fputs(text, out);
out:
	free(text);
	found_free(&f);
	api_free(api);
	free(query);
	return rc;
}
