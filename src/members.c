/* members.c - tolerant parsing of the support endpoints; see members.h. */
#include "members.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "datetime.h"
#include "jsontext.h"

/* The text as one JSON object, or NULL with err. */
static cJSON *members_object(const char *json, size_t n, const char *what,
                             struct pf_error *err)
{
	if (!json || !n || memchr(json, '\0', n)) {
		pf_error_set(err, PF_ERR_PARSE, "the %s answer is %s", what,
		             json && n ? "not text" : "empty");
		return NULL;
	}
	cJSON *o = jsontext_parse(json, n);
	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		pf_error_set(err, PF_ERR_PARSE, "the %s answer is not a JSON "
		             "object", what);
		return NULL;
	}
	return o;
}

/* A copy of string member key of o when usable (see jsontext_str). */
static char *members_str(const cJSON *o, const char *key, bool *oom)
{
	return jsontext_str(o, key, MEMBERS_MAX_TEXT, oom);
}

static bool members_bool(const cJSON *o, const char *key, bool dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsBool(v) ? cJSON_IsTrue(v) : dflt;
}

static void members_person_clear(struct person *p)
{
	if (!p)
		return;
	free(p->id);
	free(p->username);
	free(p->name);
	free(p->picture_url);
	*p = (struct person){ 0 };
}

/* Fill p from object o; false when o is not an object. */
static bool members_person(const cJSON *o, struct person *p, bool *oom)
{
	*p = (struct person){ 0 };
	if (!cJSON_IsObject(o))
		return false;
	p->id = members_str(o, "id", oom);
	p->username = members_str(o, "username", oom);
	p->name = members_str(o, "name", oom);
	p->picture_url = members_str(cJSON_GetObjectItemCaseSensitive(o,
	                             "profile_picture"), "url", oom);
	return true;
}

/* A new person from o's object member key; NULL when there is none (not
 * an object) or out of memory (*oom set). */
static struct person *members_person_new(const cJSON *o, const char *key,
                                         bool *oom)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	struct person *p;

	if (!cJSON_IsObject(v))
		return NULL;
	if (!(p = calloc(1, sizeof *p))) {
		*oom = true;
		return NULL;
	}
	members_person(v, p, oom);
	return p;
}

static void members_info(const cJSON *root, struct page_info *info, bool *oom)
{
	const cJSON *pi = cJSON_GetObjectItemCaseSensitive(root, "page_info");
	info->end_cursor = members_str(pi, "end_cursor", oom);
	info->start_cursor = members_str(pi, "start_cursor", oom);
	info->has_next_page = members_bool(pi, "has_next_page", true);
	info->has_previous_page = members_bool(pi, "has_previous_page", false);
}

static void members_info_free(struct page_info *info)
{
	free(info->end_cursor);
	free(info->start_cursor);
	*info = (struct page_info){ 0 };
}

bool members_page_more(const struct page_info *info)
{
	return info && info->end_cursor && *info->end_cursor &&
	       info->has_next_page;
}

/* A list answer: the root object, with its "data" array in *d; or NULL
 * with err. */
static cJSON *members_list_open(const char *json, size_t n, const char *what,
                                const cJSON **d, struct pf_error *err)
{
	cJSON *root = members_object(json, n, what, err);
	*d = cJSON_GetObjectItemCaseSensitive(root, "data");
	if (root && !cJSON_IsArray(*d)) {
		cJSON_Delete(root);
		pf_error_set(err, PF_ERR_PARSE, "the %s answer has no list (data)",
		             what);
		return NULL;
	}
	return root;
}

/* Item count to allocate for: at most MEMBERS_MAX_ITEMS, at least 1. */
static size_t members_cap(const cJSON *d)
{
	int n = cJSON_GetArraySize(d);
	if (n > MEMBERS_MAX_ITEMS)
		n = MEMBERS_MAX_ITEMS;
	return n > 0 ? (size_t)n : 1;
}

/* End a list answer: its page_info into *info (unless oom), root freed.
 * 0, or -1 with err when out of memory (the caller frees its page). */
static int members_list_close(cJSON *root, struct page_info *info, bool oom,
                              const char *what, struct pf_error *err)
{
	if (!oom)
		members_info(root, info, &oom);
	cJSON_Delete(root);
	if (oom)
		return pf_error_set(err, PF_ERR_NOMEM, "out of memory reading "
		                    "the %s answer", what);
	pf_error_clear(err);
	return 0;
}

void members_user_page_free(struct user_page *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++) {
		members_person_clear(&p->items[i]);
		free(p->json[i]);
	}
	free(p->items);
	free(p->json);
	members_info_free(&p->info);
	*p = (struct user_page){ 0 };
}

int members_parse_users(const char *json, size_t n, struct user_page *out,
                        struct pf_error *err)
{
	static const char what[] = "user search";
	if (!out)
		return pf_error_set(err, PF_ERR_USAGE, "no page");
	*out = (struct user_page){ 0 };
	const cJSON *d;
	cJSON *root = members_list_open(json, n, what, &d, err);
	if (!root)
		return -1;
	out->items = calloc(members_cap(d), sizeof *out->items);
	out->json = calloc(members_cap(d), sizeof *out->json);
	bool oom = !out->items || !out->json;
	const cJSON *it;
	cJSON_ArrayForEach(it, d) {
		if (oom || out->n == MEMBERS_MAX_ITEMS)
			break;
		struct person p;
		if (!members_person(it, &p, &oom) || !p.id) {
			members_person_clear(&p);
			continue;
		}
		char *text = cJSON_PrintUnformatted(it);
		if (!text) {
			members_person_clear(&p);
			oom = true;
			break;
		}
		out->items[out->n] = p;
		out->json[out->n++] = text;
	}
	if (members_list_close(root, &out->info, oom, what, err) < 0) {
		members_user_page_free(out);
		return -1;
	}
	return 0;
}

static void members_member_clear(struct member *m)
{
	free(m->id);
	free(m->access_level);
	free(m->account_id);
	free(m->created_at);
	free(m->joined_at);
	free(m->last_accessed_at);
	free(m->phone_number);
	free(m->status);
	members_person_clear(m->user);
	free(m->user);
	free(m->json);
	*m = (struct member){ 0 };
}

void members_member_page_free(struct member_page *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++)
		members_member_clear(&p->items[i]);
	free(p->items);
	members_info_free(&p->info);
	*p = (struct member_page){ 0 };
}

int members_parse_members(const char *json, size_t n, struct member_page *out,
                          struct pf_error *err)
{
	static const char what[] = "members";
	if (!out)
		return pf_error_set(err, PF_ERR_USAGE, "no page");
	*out = (struct member_page){ 0 };
	const cJSON *d;
	cJSON *root = members_list_open(json, n, what, &d, err);
	if (!root)
		return -1;
	bool oom = !(out->items = calloc(members_cap(d), sizeof *out->items));
	const cJSON *it;
	cJSON_ArrayForEach(it, d) {
		if (oom || out->n == MEMBERS_MAX_ITEMS)
			break;
		if (!cJSON_IsObject(it))
			continue;
		struct member m = { .id = members_str(it, "id", &oom) };
		if (!m.id)
			continue;
		m.access_level = members_str(it, "access_level", &oom);
		m.account_id = members_str(it, "account_id", &oom);
		m.created_at = members_str(it, "created_at", &oom);
		m.joined_at = members_str(it, "joined_at", &oom);
		m.last_accessed_at = members_str(it, "last_accessed_at", &oom);
		m.phone_number = members_str(it, "phone_number", &oom);
		m.status = members_str(it, "status", &oom);
		m.user = members_person_new(it, "user", &oom);
		if (!(m.json = cJSON_PrintUnformatted(it)))
			oom = true;
		out->items[out->n++] = m;
	}
	if (members_list_close(root, &out->info, oom, what, err) < 0) {
		members_member_page_free(out);
		return -1;
	}
	return 0;
}

void members_log_page_free(struct log_page *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++) {
		free(p->items[i].action);
		free(p->items[i].created_at);
		members_person_clear(p->items[i].actor);
		free(p->items[i].actor);
		free(p->items[i].json);
	}
	free(p->items);
	members_info_free(&p->info);
	*p = (struct log_page){ 0 };
}

int members_parse_logs(const char *json, size_t n, struct log_page *out,
                       struct pf_error *err)
{
	static const char what[] = "member history";
	if (!out)
		return pf_error_set(err, PF_ERR_USAGE, "no page");
	*out = (struct log_page){ 0 };
	const cJSON *d;
	cJSON *root = members_list_open(json, n, what, &d, err);
	if (!root)
		return -1;
	bool oom = !(out->items = calloc(members_cap(d), sizeof *out->items));
	const cJSON *it;
	cJSON_ArrayForEach(it, d) {
		if (oom || out->n == MEMBERS_MAX_ITEMS)
			break;
		if (!cJSON_IsObject(it))
			continue;
		struct member_log e = {
			.action = members_str(it, "action", &oom),
			.created_at = members_str(it, "created_at", &oom),
		};
		e.actor = members_person_new(it, "actor", &oom);
		if (!(e.json = cJSON_PrintUnformatted(it)))
			oom = true;
		out->items[out->n++] = e;
	}
	if (members_list_close(root, &out->info, oom, what, err) < 0) {
		members_log_page_free(out);
		return -1;
	}
	return 0;
}

void members_access_free(struct access_answer *a)
{
	if (!a)
		return;
	free(a->access_level);
	*a = (struct access_answer){ 0 };
}

int members_parse_access(const char *json, size_t n, struct access_answer *out,
                         struct pf_error *err)
{
	static const char what[] = "access check";
	if (!out)
		return pf_error_set(err, PF_ERR_USAGE, "no answer");
	*out = (struct access_answer){ 0 };
	cJSON *root = members_object(json, n, what, err);
	if (!root)
		return -1;
	bool oom = false;
	const cJSON *h = cJSON_GetObjectItemCaseSensitive(root, "has_access");
	out->known = cJSON_IsBool(h);
	out->has_access = cJSON_IsTrue(h);
	out->access_level = members_str(root, "access_level", &oom);
	cJSON_Delete(root);
	if (oom) {
		members_access_free(out);
		return pf_error_set(err, PF_ERR_NOMEM, "out of memory reading "
		                    "the %s answer", what);
	}
	pf_error_clear(err);
	return 0;
}

bool members_resource_ok(const char *r)
{
	static const char *const prefixes[] = { "biz_", "prod_", "exp_" };
	for (size_t i = 0; r && i < sizeof prefixes / sizeof *prefixes; i++) {
		size_t k = strlen(prefixes[i]);
		if (strncmp(r, prefixes[i], k) != 0 || !r[k])
			continue;
		for (const char *p = r + k; *p; p++)
			if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			      (*p >= '0' && *p <= '9')))
				return false;
		return true;
	}
	return false;
}

/* ------------------------------------------------------------- rows */

void members_rows_free(struct members_rows *r)
{
	if (!r)
		return;
	for (size_t i = 0; r->cells && i < r->nrows * r->ncols; i++)
		free(r->cells[i]);
	free(r->cells);
	*r = (struct members_rows){ 0 };
}

/* Allocate out for n rows of ncols; -1 out of memory. */
static int members_rows_init(struct members_rows *out,
                             const char *const *titles, size_t ncols, size_t n)
{
	*out = (struct members_rows){ .titles = titles, .ncols = ncols };
	size_t total = n * ncols;
	out->cells = calloc(total ? total : 1, sizeof *out->cells);
	return out->cells ? 0 : -1;
}

/* Set cell (r, c) to a copy of s ("" for NULL); false out of memory. */
static bool members_cell(struct members_rows *t, size_t r, size_t c,
                         const char *s)
{
	char *v = strdup(s ? s : "");
	t->cells[r * t->ncols + c] = v;
	return v != NULL;
}

/* Set cell (r, c) to owned (taken; NULL means out of memory). */
static bool members_take(struct members_rows *t, size_t r, size_t c,
                         char *owned)
{
	t->cells[r * t->ncols + c] = owned;
	return owned != NULL;
}

/* A local time for a timestamp; none (a copy) for NULL. */
static char *members_when(const char *iso, const char *none)
{
	if (!iso)
		return strdup(none);
	return datetime_local(iso);
}

static const char *const members_user_titles[] = { "USERNAME", "NAME", "USER ID" };

int members_rows_users(const struct person *items, size_t n,
                       struct members_rows *out)
{
	if (!out || members_rows_init(out, members_user_titles, 3, n) < 0)
		return -1;
	bool ok = true;
	for (size_t i = 0; ok && i < n; i++) {
		ok = members_cell(out, i, 0, items[i].username) &&
		     members_cell(out, i, 1, items[i].name) &&
		     members_cell(out, i, 2, items[i].id);
		out->nrows = i + 1;
	}
	if (!ok) {
		members_rows_free(out);
		return -1;
	}
	return 0;
}

static const char *const members_member_titles[] = {
	"USERNAME", "NAME", "USER ID", "MEMBER ID", "STATUS", "ACCESS",
	"JOINED", "LAST SEEN", "PHONE" };

int members_rows_members(const struct member *items, size_t n,
                         bool show_phone, struct members_rows *out)
{
	size_t nc = show_phone ? 9 : 8;
	if (!out || members_rows_init(out, members_member_titles, nc, n) < 0)
		return -1;
	bool ok = true;
	for (size_t i = 0; ok && i < n; i++) {
		const struct member *m = &items[i];
		const struct person *u = m->user;
		ok = members_cell(out, i, 0, u ? u->username : "") &&
		     members_cell(out, i, 1, u ? u->name : "a business, not a person") &&
		     members_cell(out, i, 2, u ? u->id : "") &&
		     members_cell(out, i, 3, m->id) &&
		     members_cell(out, i, 4, m->status) &&
		     members_cell(out, i, 5, m->access_level);
		char *joined = ok ? members_when(m->joined_at ? m->joined_at
		                                 : m->created_at, "") : NULL;
		ok = ok && members_take(out, i, 6, joined);
		char *seen = ok ? members_when(m->last_accessed_at, "never") : NULL;
		ok = ok && members_take(out, i, 7, seen);
		if (ok && show_phone)
			ok = members_cell(out, i, 8, m->phone_number);
		out->nrows = i + 1;
	}
	if (!ok) {
		members_rows_free(out);
		return -1;
	}
	return 0;
}

const char *members_actor_text(const struct member_log *e)
{
	if (!e || !e->actor)
		return "system";
	if (e->actor->name && *e->actor->name)
		return e->actor->name;
	if (e->actor->username && *e->actor->username)
		return e->actor->username;
	return e->actor->id ? e->actor->id : "unknown";
}

static const char *const members_log_titles[] = { "TIME", "ACTION", "ACTOR" };

int members_rows_logs(const struct member_log *items, size_t n,
                      struct members_rows *out)
{
	if (!out || members_rows_init(out, members_log_titles, 3, n) < 0)
		return -1;
	bool ok = true;
	for (size_t i = 0; ok && i < n; i++) {
		char *when = members_when(items[i].created_at, "");
		ok = members_take(out, i, 0, when) &&
		     members_cell(out, i, 1, items[i].action ? items[i].action
		                                             : "\u2014") &&
		     members_cell(out, i, 2, members_actor_text(&items[i]));
		out->nrows = i + 1;
	}
	if (!ok) {
		members_rows_free(out);
		return -1;
	}
	return 0;
}
