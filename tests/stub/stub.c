/* stub.c - the users API stand-in behind stub.h, on libmicrohttpd.
 *
 * One daemon, one thread per connection (a delayed answer blocks only its
 * own connection), one mutex around all state. A request is read whole,
 * then routed under the lock into a `struct reply`, journaled and sent.
 * Routing order for /api/: fault, credential (401), Api-Version-Date (400),
 * endpoint (404/405), then the endpoint's own checks. The support
 * endpoints (members, member logs, access; CONTRACT.md "Support work") and
 * the generated demo people are in the "api: support" section.
 * docs/stub.md lists the decisions taken where the contract is silent.
 */
#include "stub.h"

#include "config.h"
#include "stub_history.h"

#include <cjson/cJSON.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#ifndef TEST_FIXTURES_DIR
#define TEST_FIXTURES_DIR "tests/fixtures"
#endif

#define API_PREFIX "/api/v1"
#define BODY_MAX (32u * 1024 * 1024)
#define FIRST_DEFAULT 10
#define FIRST_MAX 50
#define NAME_MAX_CHARS 100
#define USERNAME_MAX 42
#define MEDIA_ORIGIN "https://media.example.invalid"
#define PLACEHOLDER_URL MEDIA_ORIGIN "/placeholder/avatar.png"
#define SUPPORTED_VERSIONS "2025-01-01, 2026-06-09, 2026-07-20, 2026-08-21-1, " \
	"2026-09-11, 2026-09-22-3"
#define MEMBERS_FIRST_MAX 100
#define LOGS_FIRST_DEFAULT 20
#define MEMBERS_DATE "2026-09-11"  /* the members endpoints need this or later */
#define LOGS_DATE "2026-09-22"     /* member logs: 2026-09-22-3 or later */
#define LOGS_SUFFIX 3
#define LONG_LOG_ENTRIES 130       /* grace's membership history */

enum shape { SHAPE_2025, SHAPE_2026, SHAPE_LATER };
enum file_state { FILE_PENDING, FILE_READY, FILE_FAILED };

struct cred {
	const char *token;
	const char *user_id;  /* NULL: an API key */
	const char *account;  /* the API key's account */
	bool balance_scope;
	bool may_update;
	bool member_read;  /* member:basic:read: /members, logs, access */
	bool email_read;   /* member:email:read: exact email in members query */
};

static const struct cred creds[] = {
	{ STUB_TOKEN_ADA, STUB_ADA_ID, NULL, true, true, true, false },
	{ STUB_TOKEN_CHARLES, STUB_CHARLES_ID, NULL, true, true, false, false },
	{ STUB_TOKEN_NOPERM, STUB_ADA_ID, NULL, false, false, false, false },
	{ STUB_API_KEY, NULL, STUB_ACCOUNT_ID, false, true, true, true },
	{ STUB_API_KEY_NOEMAIL, NULL, STUB_ACCOUNT_ID, false, true, true, false },
};

/* Seeded next to the fixtures' ada and charles, for search and for
 * hostile display text (mallory). */
static const char *const extra_users[] = {
	"{\"id\":\"user_Demo0000000003\",\"username\":\"grace-hopper\","
	"\"name\":\"Grace Hopper\",\"bio\":\"Compilers, nanoseconds.\","
	"\"created_at\":\"2024-05-06T10:00:00.000Z\",\"profile_picture\":null,"
	"\"total_usd\":null,\"balances\":[],\"verification\":{\"individual\":"
	"{\"status\":\"pending\"},\"business\":null}}",
	"{\"id\":\"user_Demo0000000004\",\"username\":\"alan-t\","
	"\"name\":\"Alan Turing\",\"bio\":null,"
	"\"created_at\":\"2024-06-23T08:30:00.000Z\",\"profile_picture\":null,"
	"\"total_usd\":null,\"balances\":[],\"verification\":{\"individual\":"
	"{\"status\":\"rejected\"},\"business\":{\"status\":\"not_started\"}}}",
	"{\"id\":\"user_Demo0000000005\",\"username\":\"mallory\","
	"\"name\":\"Mallory \\u001b[31mRED\\u001b[0m \\u202eevil\","
	"\"bio\":\"line one\\r\\nline\\ttwo \\u001b]0;title\\u0007 end\","
	"\"created_at\":\"2025-01-01T00:00:00.000Z\",\"profile_picture\":"
	"{\"url\":\"javascript:alert(1)\"},\"total_usd\":null,\"balances\":[],"
	"\"verification\":{\"individual\":null,\"business\":null}}",
};

struct file {
	char id[32];
	char sig[20];
	char *filename;
	const char *content_type;  /* static string */
	bool public_vis;
	enum file_state state;
	/* uploaded, answering "pending" polls_left more times, then final */
	bool settling;
	int polls_left;
	enum file_state final;
	char *data;
	size_t len;
};

struct override {
	char *account;
	char *user_id;
	cJSON *name;     /* NULL: not overridden */
	cJSON *picture;  /* NULL: not overridden */
};

struct fault {
	enum stub_fault_kind kind;
	int count;
	int status;
	int delay_ms;
	int seconds;
	bool retry_after_header;
	char *body;
	size_t body_len;
	char *content_type;
	char *method;    /* only requests with this method; NULL = any */
};

struct stub {
	struct MHD_Daemon *daemon;
	pthread_mutex_t lock;
	atomic_bool stopping;
	bool quiet;
	char *fixtures_dir;
	char origin[40];  /* http://127.0.0.1:PORT (https:// with TLS) */
	char *tls_cert;   /* PEM, NULL = plain HTTP */
	char *tls_key;
	char base_url[48];
	cJSON *seed;      /* array of users as seeded */
	cJSON *seed_members; /* array of members as seeded (see members_seed) */
	cJSON *members;   /* stored: the API's Member keys, but "user_id" (or
			     null) instead of "user", plus a hidden "email" */
	size_t people;    /* stub_opts.people */
	bool hostile;     /* stub_opts.hostile */
	cJSON *users;     /* array of users, stored 2026-06-09 shape + "balance" */
	/* users by id (open addressing, a power of two of slots), rebuilt
	 * when users_changed() said the array changed: thousands of demo
	 * people must not make each request a linear scan */
	cJSON **uidx;
	size_t uidx_cap;
	bool uidx_dirty;
	struct file *files;
	size_t n_files;
	unsigned file_seq;
	struct override *overrides;
	size_t n_overrides;
	struct stub_request **journal;
	size_t n_journal, cap_journal;
	struct fault fault;
	struct stub_upload upload;  /* what PUT /_upload/ does (stub_upload_mode) */
};

/* One HTTP request as read so far (MHD's per-request *con_cls). */
struct req {
	char *uri;  /* raw request target, query included */
	char *body;
	size_t len, cap;
	bool too_big;
	bool started;
};

#define REPLY_MAX_HEADERS 4

/* An answer being built: status, owned body, extra headers. */
struct reply {
	int status;
	char *body;
	size_t len;
	const char *ctype;
	int n_hdr;
	const char *hdr_name[REPLY_MAX_HEADERS];
	char hdr_value[REPLY_MAX_HEADERS][64];
};

/* What a routed /api/ request sees. */
struct call {
	struct stub *s;
	struct MHD_Connection *conn;
	const char *method;
	const char *body;
	size_t body_len;
	const struct cred *cred;
	enum shape shape;
	struct reply *r;
	char date[16];   /* the Api-Version-Date's day, "" when absent */
	int suffix;      /* its "-N" suffix, 0 when none */
};

/* ------------------------------------------------------------------ text */

/* Strict UTF-8 check (no overlongs, surrogates or > U+10FFFF). */
static bool utf8_valid(const unsigned char *p, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned c = p[i];
		size_t n;
		uint32_t cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (len - i <= n)
			return false;
		for (size_t k = 1; k <= n; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += n + 1;
	}
	return true;
}

/* Code points in valid UTF-8 text. */
static size_t utf8_count(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static const char b64_alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Base64 of len bytes, NUL-terminated; caller frees; NULL on no memory. */
static char *b64_encode(const unsigned char *p, size_t len)
{
	char *out = malloc((len + 2) / 3 * 4 + 1);
	size_t o = 0;

	if (!out)
		return NULL;
	for (size_t i = 0; i < len; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16;

		if (i + 1 < len)
			v |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < len)
			v |= p[i + 2];
		out[o++] = b64_alphabet[v >> 18 & 63];
		out[o++] = b64_alphabet[v >> 12 & 63];
		out[o++] = i + 1 < len ? b64_alphabet[v >> 6 & 63] : '=';
		out[o++] = i + 2 < len ? b64_alphabet[v & 63] : '=';
	}
	out[o] = '\0';
	return out;
}

/* Decode padded base64 into a NUL-terminated buffer; *len gets the byte
 * count. Caller frees; NULL when malformed or out of memory. */
static char *b64_decode(const char *in, size_t *len)
{
	size_t n = strlen(in), o = 0;
	char *out;

	if (n % 4)
		return NULL;
	out = malloc(n / 4 * 3 + 1);
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i += 4) {
		uint32_t v = 0;
		int pad = 0;

		for (size_t k = 0; k < 4; k++) {
			const char *c = in[i + k] ? strchr(b64_alphabet, in[i + k]) : NULL;

			if (in[i + k] == '=' && i + 4 == n && k >= 2) {
				pad++;
				v <<= 6;
			} else if (c && !pad) {
				v = v << 6 | (uint32_t)(c - b64_alphabet);
			} else {
				free(out);
				return NULL;
			}
		}
		out[o++] = (char)(v >> 16);
		if (pad < 2)
			out[o++] = (char)(v >> 8 & 0xff);
		if (pad < 1)
			out[o++] = (char)(v & 0xff);
	}
	out[o] = '\0';
	*len = o;
	return out;
}

/* Whole file as a NUL-terminated string; caller frees; NULL on error. */
static char *read_file(const char *dir, const char *name)
{
	char path[4096];
	FILE *f;
	char *buf = NULL;
	long n;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1))) {
		if (fread(buf, 1, (size_t)n, f) == (size_t)n) {
			buf[n] = '\0';
		} else {
			free(buf);
			buf = NULL;
		}
	}
	fclose(f);
	return buf;
}

/* strdup that passes NULL through; caller frees. */
static char *xstrdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* ----------------------------------------------------------------- reply */

/* Set the reply to status and a copy of len bytes. */
static void reply_raw(struct reply *r, int status, const char *ctype,
		      const char *body, size_t len)
{
	free(r->body);
	r->status = status;
	r->ctype = ctype;
	r->body = malloc(len + 1);
	r->len = r->body ? len : 0;
	if (r->body) {
		memcpy(r->body, body, len);
		r->body[len] = '\0';
	}
}

/* Reply with obj printed compactly; takes ownership of obj. */
static void reply_json(struct reply *r, int status, cJSON *obj)
{
	char *text = obj ? cJSON_PrintUnformatted(obj) : NULL;

	cJSON_Delete(obj);
	if (!text) {
		reply_raw(r, 500, "application/json", "{}", 2);
		return;
	}
	free(r->body);
	r->status = status;
	r->ctype = "application/json";
	r->body = text;
	r->len = strlen(text);
}

/* Reply {"error":{"code":code,"message":...}} with a printf message. */
__attribute__((format(printf, 4, 5)))
static void reply_error(struct reply *r, int status, const char *code,
			const char *fmt, ...)
{
	char msg[512];
	cJSON *root = cJSON_CreateObject();
	cJSON *err = cJSON_AddObjectToObject(root, "error");
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	cJSON_AddStringToObject(err, "code", code);
	cJSON_AddStringToObject(err, "message", msg);
	reply_json(r, status, root);
}

/* Reply with the fixture's body verbatim, or the generic error when the
 * fixture cannot be read. */
static void reply_fixture(struct stub *s, struct reply *r, int status,
			  const char *name, const char *code, const char *msg)
{
	char *text = read_file(s->fixtures_dir, name);

	if (!text) {
		reply_error(r, status, code, "%s", msg);
		return;
	}
	free(r->body);
	r->status = status;
	r->ctype = "application/json";
	r->body = text;
	r->len = strlen(text);
}

/* An S3-style XML error, as the storage host answers. */
static void reply_xml_error(struct reply *r, int status, const char *code,
			    const char *msg)
{
	char buf[512];
	int n = snprintf(buf, sizeof buf, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			 "<Error><Code>%s</Code><Message>%s</Message></Error>\n",
			 code, msg);

	reply_raw(r, status, "application/xml", buf, (size_t)n);
}

/* Add an extra response header (at most REPLY_MAX_HEADERS). */
__attribute__((format(printf, 3, 4)))
static void reply_header(struct reply *r, const char *name, const char *fmt, ...)
{
	va_list ap;

	if (r->n_hdr == REPLY_MAX_HEADERS)
		return;
	va_start(ap, fmt);
	vsnprintf(r->hdr_value[r->n_hdr], sizeof r->hdr_value[0], fmt, ap);
	va_end(ap);
	r->hdr_name[r->n_hdr++] = name;
}

/* ------------------------------------------------------------------ data */

/* u's "id" (owned by u). */
static const char *user_id(const cJSON *u);

/* The users array was replaced or items were added or replaced. */
static void users_changed(struct stub *s)
{
	s->uidx_dirty = true;
}

/* FNV-1a of an id. */
static size_t id_hash(const char *id)
{
	size_t h = (size_t)0xcbf29ce484222325ULL;

	for (const unsigned char *p = (const unsigned char *)id; *p; p++)
		h = (h ^ *p) * (size_t)0x100000001b3ULL;
	return h;
}

/* The user with id via the index (rebuilt when dirty); NULL when none. */
static cJSON *find_user_by_id(struct stub *s, const char *id)
{
	if (s->uidx_dirty || !s->uidx) {
		size_t n = (size_t)cJSON_GetArraySize(s->users), cap = 16;
		cJSON *u;

		while (cap < 2 * n)
			cap *= 2;
		free(s->uidx);
		s->uidx = calloc(cap, sizeof *s->uidx);
		s->uidx_cap = s->uidx ? cap : 0;
		s->uidx_dirty = false;
		cJSON_ArrayForEach(u, s->users) {
			const char *uid = user_id(u);
			size_t k;

			if (!uid || !s->uidx)
				continue;
			/* the first of a repeated id wins, as in a scan */
			for (k = id_hash(uid) & (cap - 1); s->uidx[k] &&
			     strcmp(user_id(s->uidx[k]), uid) != 0; k = (k + 1) & (cap - 1))
				;
			if (!s->uidx[k])
				s->uidx[k] = u;
		}
	}
	for (size_t k = s->uidx_cap ? id_hash(id) & (s->uidx_cap - 1) : 0;
	     s->uidx_cap && s->uidx[k]; k = (k + 1) & (s->uidx_cap - 1))
		if (strcmp(user_id(s->uidx[k]), id) == 0)
			return s->uidx[k];
	return NULL;
}

/* The stored user with id key (user_…) or username key (any case);
 * NULL when none. Owned by s->users. */
static cJSON *find_user(struct stub *s, const char *key)
{
	cJSON *u;
	bool by_id = strncmp(key, "user_", 5) == 0;

	if (by_id)
		return find_user_by_id(s, key);
	cJSON_ArrayForEach(u, s->users) {
		const char *v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
			u, by_id ? "id" : "username"));

		if (v && (by_id ? strcmp(v, key) : strcasecmp(v, key)) == 0)
			return u;
	}
	return NULL;
}

/* u's "id" (owned by u). */
static const char *user_id(const cJSON *u)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(u, "id"));
}

/* The file called id, owned by s; NULL when none. */
static struct file *find_file(struct stub *s, const char *id)
{
	for (size_t i = 0; i < s->n_files; i++)
		if (strcmp(s->files[i].id, id) == 0)
			return &s->files[i];
	return NULL;
}

/* The override of user uid in account, owned by s; NULL when none. */
static struct override *find_override(struct stub *s, const char *account,
				      const char *uid)
{
	for (size_t i = 0; i < s->n_overrides; i++)
		if (strcmp(s->overrides[i].account, account) == 0 &&
		    strcmp(s->overrides[i].user_id, uid) == 0)
			return &s->overrides[i];
	return NULL;
}

/* The override of (account, uid), created empty when missing; NULL on no
 * memory. */
static struct override *get_override(struct stub *s, const char *account,
				     const char *uid)
{
	struct override *o = find_override(s, account, uid), *grown;

	if (o)
		return o;
	grown = realloc(s->overrides, (s->n_overrides + 1) * sizeof *grown);
	if (!grown)
		return NULL;
	s->overrides = grown;
	o = &grown[s->n_overrides];
	*o = (struct override){ strdup(account), strdup(uid), NULL, NULL };
	if (!o->account || !o->user_id) {
		free(o->account);
		free(o->user_id);
		return NULL;
	}
	s->n_overrides++;
	return o;
}

/* Set obj[key] = item, replacing in place to keep the key order. */
static void set_key(cJSON *obj, const char *key, cJSON *item)
{
	if (cJSON_HasObjectItem(obj, key))
		cJSON_ReplaceItemInObjectCaseSensitive(obj, key, item);
	else
		cJSON_AddItemToObject(obj, key, item);
}

/* Public URL of a ready file (filename percent-encoded): served by the
 * stub itself under /_media/ (route_media), so previews can fetch it. */
static void file_url(const struct file *f, const char *origin, char *out,
		     size_t size)
{
	size_t o = (size_t)snprintf(out, size, "%s/_media/%s/", origin, f->id);

	for (const unsigned char *p = (const unsigned char *)f->filename;
	     *p && o + 4 < size; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("._-~", *p))
			out[o++] = (char)*p;
		else
			o += (size_t)snprintf(out + o, size - o, "%%%02X", *p);
	}
	out[o] = '\0';
}

/* {"url": the file's public url}; caller frees. */
static cJSON *picture_of(const struct file *f, const char *origin)
{
	char url[512];
	cJSON *pic = cJSON_CreateObject();

	file_url(f, origin, url, sizeof url);
	cJSON_AddStringToObject(pic, "url", url);
	return pic;
}

/* u as answered in `shape`: with the account's override applied when
 * account is set, balances only when self_balances. Caller frees. */
static cJSON *user_view(struct stub *s, const cJSON *u, enum shape shape,
			bool self_balances, const char *account)
{
	cJSON *v = cJSON_Duplicate(u, true);
	cJSON *nested = cJSON_DetachItemFromObjectCaseSensitive(v, "balance");
	struct override *o = account ? find_override(s, account, user_id(u)) : NULL;
	cJSON *pic;

	if (o && o->name)
		set_key(v, "name", cJSON_Duplicate(o->name, true));
	if (o && o->picture)
		set_key(v, "profile_picture", cJSON_Duplicate(o->picture, true));
	switch (shape) {
	case SHAPE_2025:
		cJSON_DeleteItemFromObjectCaseSensitive(v, "total_usd");
		cJSON_DeleteItemFromObjectCaseSensitive(v, "balances");
		cJSON_DeleteItemFromObjectCaseSensitive(v, "verification");
		break;
	case SHAPE_2026:
		if (!self_balances || !cJSON_HasObjectItem(v, "total_usd"))
			set_key(v, "total_usd", cJSON_CreateNull());
		if (!self_balances || !cJSON_HasObjectItem(v, "balances"))
			set_key(v, "balances", cJSON_CreateArray());
		break;
	case SHAPE_LATER:
		if (self_balances && !nested) {
			cJSON *total = cJSON_GetObjectItemCaseSensitive(v, "total_usd");

			nested = cJSON_CreateObject();
			cJSON_AddItemToObject(nested, "total_usd", total ?
				cJSON_Duplicate(total, true) : cJSON_CreateNull());
			cJSON_AddArrayToObject(nested, "cash");
			cJSON_AddArrayToObject(nested, "crypto");
			cJSON_AddArrayToObject(nested, "businesses");
		}
		cJSON_DeleteItemFromObjectCaseSensitive(v, "total_usd");
		cJSON_DeleteItemFromObjectCaseSensitive(v, "balances");
		cJSON_AddItemToObject(v, "balance", self_balances ? nested :
				      cJSON_CreateNull());
		if (self_balances)
			nested = NULL;
		pic = cJSON_GetObjectItemCaseSensitive(v, "profile_picture");
		if (!cJSON_IsObject(pic)) {
			pic = cJSON_CreateObject();
			cJSON_AddStringToObject(pic, "url", PLACEHOLDER_URL);
			set_key(v, "profile_picture", pic);
		}
		break;
	}
	cJSON_Delete(nested);
	return v;
}

/* The File object; upload_url and upload_headers only when with_upload
 * (the create answer). Caller frees. */
static cJSON *file_view(const struct file *f, bool with_upload, const char *origin)
{
	cJSON *o = cJSON_CreateObject();
	static const char *const states[] = { "pending", "ready", "failed" };

	cJSON_AddStringToObject(o, "id", f->id);
	cJSON_AddStringToObject(o, "upload_status", states[f->state]);
	cJSON_AddStringToObject(o, "filename", f->filename);
	cJSON_AddStringToObject(o, "content_type", f->content_type);
	if (f->state == FILE_READY) {
		char size[32], url[512];

		snprintf(size, sizeof size, "%zu", f->len);
		file_url(f, origin, url, sizeof url);
		cJSON_AddStringToObject(o, "size", size);
		cJSON_AddStringToObject(o, "url", url);
	} else {
		cJSON_AddNullToObject(o, "size");
		cJSON_AddNullToObject(o, "url");
	}
	cJSON_AddStringToObject(o, "visibility", f->public_vis ? "public" : "private");
	if (with_upload) {
		char url[256];
		cJSON *h;

		snprintf(url, sizeof url, "%s/_upload/%s?signature=%s", origin,
			 f->id, f->sig);
		cJSON_AddStringToObject(o, "upload_url", url);
		h = cJSON_AddObjectToObject(o, "upload_headers");
		cJSON_AddStringToObject(h, "Content-Type", f->content_type);
		cJSON_AddStringToObject(h, "x-amz-acl",
					f->public_vis ? "public-read" : "private");
	}
	return o;
}

/* Drop every file and restart the numbering (state locked). */
static void clear_files(struct stub *s)
{
	for (size_t i = 0; i < s->n_files; i++) {
		free(s->files[i].filename);
		free(s->files[i].data);
	}
	free(s->files);
	s->files = NULL;
	s->n_files = 0;
	s->file_seq = 0;
}

/* Drop every per-account override (state locked). */
static void clear_overrides(struct stub *s)
{
	for (size_t i = 0; i < s->n_overrides; i++) {
		free(s->overrides[i].account);
		free(s->overrides[i].user_id);
		cJSON_Delete(s->overrides[i].name);
		cJSON_Delete(s->overrides[i].picture);
	}
	free(s->overrides);
	s->overrides = NULL;
	s->n_overrides = 0;
}

/* Free a fault's copies and set it to NONE. */
static void clear_fault(struct fault *f)
{
	free(f->body);
	free(f->content_type);
	free(f->method);
	memset(f, 0, sizeof *f);
}

/* Free every journal entry, keeping the array (state locked). */
static void clear_journal(struct stub *s)
{
	for (size_t i = 0; i < s->n_journal; i++)
		stub_request_free(s->journal[i]);
	s->n_journal = 0;
}

/* Store a copy of f (body of body_len bytes) as the active fault. */
static void set_fault(struct stub *s, const struct stub_fault *f, size_t body_len)
{
	pthread_mutex_lock(&s->lock);
	clear_fault(&s->fault);
	if (f && f->kind != STUB_FAULT_NONE) {
		s->fault = (struct fault){ f->kind, f->count, f->status, f->delay_ms,
			f->seconds, f->retry_after_header, NULL, 0,
			xstrdup(f->content_type), xstrdup(f->method) };
		if (f->body && (s->fault.body = malloc(body_len + 1))) {
			memcpy(s->fault.body, f->body, body_len);
			s->fault.body[body_len] = '\0';
			s->fault.body_len = body_len;
		}
	}
	pthread_mutex_unlock(&s->lock);
}

/* Take the fault for one /api/ request with method (a copy, or kind NONE
 * when none is set for that method), counting it down. Caller frees with
 * clear_fault. */
static struct fault take_fault(struct stub *s, const char *method)
{
	struct fault f = { 0 };

	pthread_mutex_lock(&s->lock);
	if (s->fault.kind != STUB_FAULT_NONE &&
	    (!s->fault.method || strcmp(s->fault.method, method) == 0)) {
		f = s->fault;
		f.body = NULL;
		f.method = NULL;
		f.content_type = xstrdup(s->fault.content_type);
		if (s->fault.body && (f.body = malloc(s->fault.body_len + 1)))
			memcpy(f.body, s->fault.body, s->fault.body_len + 1);
		else
			f.body_len = 0;
		if (s->fault.count > 0 && --s->fault.count == 0)
			clear_fault(&s->fault);
	}
	pthread_mutex_unlock(&s->lock);
	return f;
}

/* Whether a fault is set that no request has taken yet in full; see
 * stub.h. */
bool stub_fault_pending(struct stub *s)
{
	bool yes;

	pthread_mutex_lock(&s->lock);
	yes = s->fault.kind != STUB_FAULT_NONE;
	pthread_mutex_unlock(&s->lock);
	return yes;
}

/* ------------------------------------------------------------- api: auth */

/* The credential of the bearer token; NULL for none or unknown. */
static const struct cred *authenticate(struct MHD_Connection *conn)
{
	const char *h = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						    "Authorization");

	if (!h || strncasecmp(h, "Bearer ", 7) != 0)
		return NULL;
	for (size_t i = 0; i < sizeof creds / sizeof creds[0]; i++)
		if (strcmp(h + 7, creds[i].token) == 0)
			return &creds[i];
	return NULL;
}

/* Api-Version-Date -> shape: a known date, optionally with "-N"; no header
 * is 2025-01-01. false for anything else. */
static bool parse_version(const char *v, enum shape *out)
{
	static const struct { const char *date; enum shape shape; } known[] = {
		{ "2025-01-01", SHAPE_2025 },
		{ "2026-06-09", SHAPE_2026 },
		{ "2026-07-20", SHAPE_LATER }, /* + balance_history, earnings_usd */
		{ "2026-08-21", SHAPE_LATER },
		{ MEMBERS_DATE, SHAPE_LATER },
		{ LOGS_DATE, SHAPE_LATER },
	};

	if (!v) {
		*out = SHAPE_2025;
		return true;
	}
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
		const char *rest = v + 10;

		if (strncmp(v, known[i].date, 10) != 0)
			continue;
		if (*rest == '-' && rest[1] && strspn(rest + 1, "0123456789") ==
		    strlen(rest + 1))
			rest += strlen(rest);
		if (*rest == '\0') {
			*out = known[i].shape;
			return true;
		}
	}
	return false;
}

/* Decoded query argument key, owned by MHD; NULL when absent. */
static const char *query_arg(const struct call *c, const char *key)
{
	return MHD_lookup_connection_value(c->conn, MHD_GET_ARGUMENT_KIND, key);
}

/* The request body as a JSON object, or NULL after answering 400. Caller
 * frees. Duplicate keys and invalid UTF-8 are refused too. */
static cJSON *parse_object(struct call *c)
{
	const char *end = NULL;
	cJSON *o, *a, *b;

	if (!utf8_valid((const unsigned char *)c->body, c->body_len)) {
		reply_error(c->r, 400, "invalid_request", "Request body is not valid UTF-8");
		return NULL;
	}
	o = cJSON_ParseWithLengthOpts(c->body, c->body_len, &end, false);
	if (o) {
		size_t used = (size_t)(end - c->body);

		while (used < c->body_len && c->body[used] &&
		       strchr(" \t\r\n", c->body[used]))
			used++;
		if (used != c->body_len) {
			cJSON_Delete(o);
			o = NULL;
		}
	}
	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		reply_error(c->r, 400, "invalid_request",
			    "Request body must be a JSON object");
		return NULL;
	}
	cJSON_ArrayForEach(a, o)
		for (b = a->next; b; b = b->next)
			if (strcmp(a->string, b->string) == 0) {
				reply_error(c->r, 400, "invalid_request",
					    "Duplicate field '%s'", a->string);
				cJSON_Delete(o);
				return NULL;
			}
	return o;
}

/* First key of o not in the NULL-terminated allowed list, or NULL. */
static const char *unknown_key(const cJSON *o, const char *const *allowed)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, o) {
		size_t i = 0;

		while (allowed[i] && strcmp(allowed[i], it->string) != 0)
			i++;
		if (!allowed[i])
			return it->string;
	}
	return NULL;
}

/* ------------------------------------------------------------ api: users */

/* GET /users/{key}: the user in the request's shape. */
static void users_get(struct call *c, const char *key)
{
	bool me = strcmp(key, "me") == 0;
	const char *account = query_arg(c, "account_id");
	cJSON *u;

	if (me && !c->cred->user_id) {
		reply_error(c->r, 400, "invalid_request",
			    "/users/me needs a user token; an API key has no user. "
			    "Use /users/{id} instead");
		return;
	}
	u = find_user(c->s, me ? c->cred->user_id : key);
	if (!u) {
		reply_fixture(c->s, c->r, 404, "error-404.json", "not_found",
			      "User not found");
		return;
	}
	if (account && c->cred->account && strcmp(account, c->cred->account) != 0) {
		reply_error(c->r, 403, "forbidden",
			    "This API key has no access to account %s", account);
		return;
	}
	cJSON *v = user_view(c->s, u, c->shape, me && c->cred->balance_scope,
			     account);
	/* 2026-07-20 and later: earnings_usd, and balance_history on request
	 * (stub_history.h) */
	if (c->shape == SHAPE_LATER) {
		struct stub_history_query q = {
			query_arg(c, "include_balance_history"),
			query_arg(c, "from"), query_arg(c, "to"),
			query_arg(c, "interval"), query_arg(c, "time_zone") };
		char msg[160];

		if (stub_history_apply(v, user_id(u), me && c->cred->balance_scope,
				       &q, (long long)time(NULL), msg,
				       sizeof msg) < 0) {
			cJSON_Delete(v);
			reply_error(c->r, 400, "invalid_request", "%s", msg);
			return;
		}
	}
	reply_json(c->r, 200, v);
}

/* 422 and false unless the PATCH body's fields are valid for target. */
static bool patch_valid(struct call *c, const cJSON *body, const cJSON *target)
{
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(body, "name");
	const cJSON *uname = cJSON_GetObjectItemCaseSensitive(body, "username");
	const cJSON *bio = cJSON_GetObjectItemCaseSensitive(body, "bio");
	const cJSON *pic = cJSON_GetObjectItemCaseSensitive(body, "profile_picture");

	if (name && !cJSON_IsString(name)) {
		reply_error(c->r, 422, "invalid_request", "name must be a string");
	} else if (name && utf8_count(name->valuestring) > NAME_MAX_CHARS) {
		reply_error(c->r, 422, "invalid_request",
			    "name is too long (maximum is %d characters)", NAME_MAX_CHARS);
	} else if (uname && (!cJSON_IsString(uname) || !*uname->valuestring ||
		   strlen(uname->valuestring) > USERNAME_MAX ||
		   strspn(uname->valuestring, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij"
			  "klmnopqrstuvwxyz0123456789-") != strlen(uname->valuestring))) {
		reply_error(c->r, 422, "invalid_request",
			    "username may contain only letters, digits and hyphens "
			    "(1 to %d characters)", USERNAME_MAX);
	} else if (uname && find_user(c->s, uname->valuestring) &&
		   find_user(c->s, uname->valuestring) != target) {
		reply_fixture(c->s, c->r, 422, "error-422-username.json",
			      "invalid_request", "Username has already been taken");
	} else if (bio && !cJSON_IsString(bio)) {
		reply_error(c->r, 422, "invalid_request", "bio must be a string");
	} else if (pic) {
		const char *id = cJSON_GetStringValue(
			cJSON_GetObjectItemCaseSensitive(pic, "id"));
		struct file *f = id ? find_file(c->s, id) : NULL;

		if (cJSON_HasObjectItem(pic, "direct_upload_id"))
			reply_error(c->r, 422, "invalid_request",
				    "profile_picture.direct_upload_id is not supported "
				    "here; upload through POST /files and pass its id");
		else if (!cJSON_IsObject(pic) || !id || cJSON_GetArraySize(pic) != 1)
			reply_error(c->r, 422, "invalid_request",
				    "profile_picture must be {\"id\": \"file_...\"}");
		else if (!f)
			reply_error(c->r, 422, "invalid_request",
				    "profile_picture.id: no such file '%s'", id);
		else if (f->state != FILE_READY)
			reply_error(c->r, 422, "invalid_request",
				    "File %s is not ready (upload_status is %s)", id,
				    f->state == FILE_PENDING ? "pending" : "failed");
		else
			return true;
	} else {
		return true;
	}
	return false;
}

/* Write the validated body into the global profile or the override. */
static bool patch_apply(struct call *c, const cJSON *body, cJSON *target,
			const char *account)
{
	static const char *const text_keys[] = { "name", "bio", "username" };
	const cJSON *pic = cJSON_GetObjectItemCaseSensitive(body, "profile_picture");
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(body, "name");
	struct file *f = pic ? find_file(c->s, cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(pic, "id"))) : NULL;

	if (account) {
		struct override *o = get_override(c->s, account, user_id(target));

		if (!o)
			return false;
		if (name) {
			cJSON_Delete(o->name);
			o->name = cJSON_Duplicate(name, true);
		}
		if (f) {
			cJSON_Delete(o->picture);
			o->picture = picture_of(f, c->s->origin);
		}
		return true;
	}
	for (size_t i = 0; i < 3; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(body, text_keys[i]);

		if (v)
			set_key(target, text_keys[i], cJSON_CreateString(v->valuestring));
	}
	if (f)
		set_key(target, "profile_picture", picture_of(f, c->s->origin));
	return true;
}

/* PATCH /users/{key}: checks in the order of docs/stub.md, then the
 * updated user. */
static void users_patch(struct call *c, const char *key)
{
	static const char *const keys[] = {
		"name", "bio", "username", "profile_picture", NULL };
	static const char *const keys_2025[] = {
		"name", "bio", "username", "profile_picture", "company_id", NULL };
	bool me = strcmp(key, "me") == 0;
	const char *account, *bad;
	cJSON *target, *body;

	if (me && !c->cred->user_id) {
		reply_error(c->r, 400, "invalid_request",
			    "PATCH /users/me is for user tokens; an API key updates "
			    "PATCH /users/{id}?account_id=...");
		return;
	}
	target = find_user(c->s, me ? c->cred->user_id : key);
	if (!target) {
		reply_fixture(c->s, c->r, 404, "error-404.json", "not_found",
			      "User not found");
		return;
	}
	if (!c->cred->may_update) {
		reply_fixture(c->s, c->r, 403, "error-403.json", "forbidden",
			      "Missing permission: user:profile:update");
		return;
	}
	body = parse_object(c);
	if (!body)
		return;
	bad = unknown_key(body, c->shape == SHAPE_2025 ? keys_2025 : keys);
	if (bad) {
		reply_error(c->r, 400, "invalid_request", "Unknown field '%s'", bad);
		goto out;
	}
	if (c->shape == SHAPE_2025) {
		const cJSON *cid = cJSON_GetObjectItemCaseSensitive(body, "company_id");

		account = cJSON_GetStringValue(cid);
		if (cid && !account) {
			reply_error(c->r, 400, "invalid_request",
				    "company_id must be a string");
			goto out;
		}
	} else {
		account = query_arg(c, "account_id");
	}
	if (!c->cred->user_id && !account) {
		if (c->shape == SHAPE_2025)
			reply_error(c->r, 400, "invalid_request",
				    "company_id is required for API key callers");
		else
			reply_fixture(c->s, c->r, 400, "error-400-account-id.json",
				      "invalid_request",
				      "account_id is required for API key callers");
	} else if (!c->cred->user_id && strcmp(account, c->cred->account) != 0) {
		reply_error(c->r, 403, "forbidden",
			    "This API key has no access to account %s", account);
	} else if (c->cred->user_id && strcmp(user_id(target), c->cred->user_id) != 0) {
		reply_error(c->r, 403, "forbidden",
			    "A user token can only update its own profile");
	} else if (account && (cJSON_HasObjectItem(body, "bio") ||
			       cJSON_HasObjectItem(body, "username"))) {
		reply_error(c->r, 403, "forbidden",
			    "A per-account profile override can change only name and "
			    "profile_picture; bio and username belong to the user's "
			    "own profile");
	} else if (patch_valid(c, body, target)) {
		if (patch_apply(c, body, target, account))
			reply_json(c->r, 200, user_view(c->s, target, c->shape,
				me && c->cred->balance_scope, account));
		else
			reply_error(c->r, 500, "internal_error", "Out of memory");
	}
out:
	cJSON_Delete(body);
}

/* Decode an "after" cursor ("cursor:N" in base64) into N. */
static bool parse_cursor(const char *after, size_t *pos)
{
	size_t len;
	char *raw = b64_decode(after, &len), *end;
	bool ok = raw && strncmp(raw, "cursor:", 7) == 0 && raw[7] >= '0' &&
		  raw[7] <= '9';

	if (ok) {
		*pos = strtoul(raw + 7, &end, 10);
		ok = *end == '\0' && len == strlen(raw);
	}
	free(raw);
	return ok;
}

/* How close u is to query q: 0 the id or the username exactly (or no
 * query), 1 a username prefix, 2 a name word prefix, 3 any other
 * substring of either; -1 no match. */
static int search_rank(const cJSON *u, const char *q)
{
	const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(u, "name"));
	const char *uname = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(u, "username"));
	size_t n = q ? strlen(q) : 0;

	if (!n || strcmp(q, user_id(u)) == 0 || (uname && strcasecmp(uname, q) == 0))
		return 0;
	if (uname && strncasecmp(uname, q, n) == 0)
		return 1;
	for (const char *p = name; p && (p = strcasestr(p, q)); p++)
		if (p == name || p[-1] == ' ')
			return 2;
	if ((uname && strcasestr(uname, q)) || (name && strcasestr(name, q)))
		return 3;
	return -1;
}

/* GET /users?query=&first=&after=: one page of matches, ranked (see
 * search_rank; seed order within a rank), never the self view. */
static void users_search(struct call *c)
{
	const char *q = query_arg(c, "query"), *first_s = query_arg(c, "first");
	const char *after = query_arg(c, "after");
	size_t first = FIRST_DEFAULT, start = 0, seen = 0, taken = 0;
	cJSON *root, *data, *info, *u;
	bool more = false;

	if (first_s) {
		char *end;

		first = strtoul(first_s, &end, 10);
		if (!*first_s || *end || *first_s < '0' || *first_s > '9' ||
		    first < 1 || first > FIRST_MAX) {
			reply_error(c->r, 400, "invalid_request",
				    "first must be an integer from 1 to %d", FIRST_MAX);
			return;
		}
	}
	if (after && *after && !parse_cursor(after, &start)) {
		reply_error(c->r, 400, "invalid_request", "Invalid cursor '%s'", after);
		return;
	}
	root = cJSON_CreateObject();
	data = cJSON_AddArrayToObject(root, "data");
	for (int rank = 0; rank < 4 && !more; rank++) {
		cJSON_ArrayForEach(u, c->s->users) {
			if (search_rank(u, q) != rank)
				continue;
			if (seen++ < start)
				continue;
			if (taken == first) {
				more = true;
				break;
			}
			cJSON_AddItemToArray(data, user_view(c->s, u, c->shape, false, NULL));
			taken++;
		}
	}
	info = cJSON_AddObjectToObject(root, "page_info");
	if (taken) {
		char cur[40];
		char *enc;

		snprintf(cur, sizeof cur, "cursor:%zu", start + taken);
		enc = b64_encode((const unsigned char *)cur, strlen(cur));
		cJSON_AddStringToObject(info, "end_cursor", enc);
		free(enc);
	} else {
		cJSON_AddNullToObject(info, "end_cursor");
	}
	cJSON_AddBoolToObject(info, "has_next_page", more);
	reply_json(c->r, 200, root);
}

/* ---------------------------------------------------------- api: support */

/* Demo people (stub_opts.people): deterministic names from these lists. */
static const char *const first_names[] = {
	"Ada", "Barbara", "Claude", "Dennis", "Edsger", "Frances", "Grace",
	"Hedy", "Ivan", "Jean", "Ken", "Lynn", "Margaret", "Niklaus", "Olga",
	"Peter", "Radia", "Sophie", "Tim", "Whitfield" };
static const char *const last_names[] = {
	"Allen", "Backus", "Conway", "Dijkstra", "Estrin", "Floyd", "Goldberg",
	"Hamming", "Iverson", "Jones", "Knuth", "Liskov", "McCarthy", "Naur",
	"Ousterhout", "Perlman", "Ritchie", "Sammet", "Thompson", "Wilkes" };
#define N_FIRST (sizeof first_names / sizeof first_names[0])
#define N_LAST (sizeof last_names / sizeof last_names[0])

/* An ISO timestamp `hours` hours before 2026-11-27T12:00:00Z. */
static void demo_time(long hours, char *out, size_t n)
{
	time_t t = (time_t)1795780800 - (time_t)hours * 3600;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, n, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
}

/* The demo person number i (1-based) as a stored user. */
static cJSON *demo_person(size_t i)
{
	char id[32], uname[32], name[64], when[32];
	cJSON *u = cJSON_CreateObject(), *v;

	snprintf(id, sizeof id, "user_Bulk%010zu", i);
	snprintf(uname, sizeof uname, "person-%04zu", i);
	snprintf(name, sizeof name, "%s %s", first_names[i % N_FIRST],
		 last_names[(i / N_FIRST) % N_LAST]);
	demo_time((long)(i * 37 % 20000) + 2000, when, sizeof when);
	cJSON_AddStringToObject(u, "id", id);
	cJSON_AddStringToObject(u, "username", uname);
	cJSON_AddStringToObject(u, "name", name);
	cJSON_AddNullToObject(u, "bio");
	cJSON_AddStringToObject(u, "created_at", when);
	cJSON_AddNullToObject(u, "profile_picture");
	cJSON_AddNullToObject(u, "total_usd");
	cJSON_AddArrayToObject(u, "balances");
	v = cJSON_AddObjectToObject(u, "verification");
	cJSON_AddNullToObject(v, "individual");
	cJSON_AddNullToObject(v, "business");
	return u;
}

/* A stored member; user_id NULL for a business buyer, last_seen < 0 for
 * never, phone and email NULL for none. */
static cJSON *demo_member(const char *id, const char *user_id,
			  const char *access, const char *status, long joined_h,
			  long last_seen_h, const char *phone, const char *email)
{
	char when[32];
	cJSON *m = cJSON_CreateObject();

	cJSON_AddStringToObject(m, "id", id);
	cJSON_AddStringToObject(m, "access_level", access);
	cJSON_AddStringToObject(m, "account_id", STUB_ACCOUNT_ID);
	demo_time(joined_h, when, sizeof when);
	cJSON_AddStringToObject(m, "created_at", when);
	cJSON_AddStringToObject(m, "joined_at", when);
	if (last_seen_h < 0) {
		cJSON_AddNullToObject(m, "last_accessed_at");
	} else {
		demo_time(last_seen_h, when, sizeof when);
		cJSON_AddStringToObject(m, "last_accessed_at", when);
	}
	if (phone)
		cJSON_AddStringToObject(m, "phone_number", phone);
	else
		cJSON_AddNullToObject(m, "phone_number");
	cJSON_AddStringToObject(m, "status", status);
	if (user_id)
		cJSON_AddStringToObject(m, "user_id", user_id);
	else
		cJSON_AddNullToObject(m, "user_id");
	if (email)
		cJSON_AddStringToObject(m, "email", email);
	else
		cJSON_AddNullToObject(m, "email");
	return m;
}

/* Hostile entries (stub_opts.hostile): text that breaks naive tables,
 * CSV and terminals. Users and their memberships. */
static const char *const hostile_users[] = {
	"{\"id\":\"user_Demo0000000006\",\"username\":\"csv-breaker\","
	"\"name\":\"Eve, \\\"the\\\" quoter\\nline two\\u001b]52;c;aGk=\\u0007\","
	"\"bio\":null,\"created_at\":\"2025-02-02T00:00:00.000Z\","
	"\"profile_picture\":null,\"total_usd\":null,\"balances\":[],"
	"\"verification\":{\"individual\":null,\"business\":null}}",
	"{\"id\":\"user_Demo0000000007\",\"username\":\"wide-one\","
	"\"name\":\"\\u65e5\\u672c\\u8a9e\\u540d\\u524d \\ud83d\\udc69\\u200d\\ud83d\\udd2c "
	"\\u202eoverride\",\"bio\":null,\"created_at\":\"2025-02-03T00:00:00.000Z\","
	"\"profile_picture\":null,\"total_usd\":null,\"balances\":[],"
	"\"verification\":{\"individual\":null,\"business\":null}}",
};

/* The seeded members of STUB_ACCOUNT_ID; see docs/stub.md. */
static cJSON *members_seed(const struct stub *s)
{
	cJSON *a = cJSON_CreateArray();

	cJSON_AddItemToArray(a, demo_member(STUB_MEMBER_GRACE, "user_Demo0000000003",
		"customer", "joined", 14900, 161, NULL, "grace@example.invalid"));
	cJSON_AddItemToArray(a, demo_member(STUB_MEMBER_ALAN, "user_Demo0000000004",
		"no_access", "left", 21000, -1, "+15555550123", "alan@example.invalid"));
	cJSON_AddItemToArray(a, demo_member(STUB_MEMBER_BUSINESS, NULL,
		"customer", "joined", 7800, 7700, NULL, "buyer@example.invalid"));
	cJSON_AddItemToArray(a, demo_member(STUB_MEMBER_ADA, STUB_ADA_ID,
		"admin", "joined", 25000, 2, NULL, "ada@example.invalid"));
	cJSON_AddItemToArray(a, demo_member("mber_Demo00000000005",
		"user_Demo0000000005", "customer", "joined", 5000, 30, NULL,
		"mallory@example.invalid"));
	if (s->hostile) {
		cJSON_AddItemToArray(a, demo_member("mber_Demo00000000006",
			"user_Demo0000000006", "customer", "joined", 4000, 40,
			"+1 555, \"0199\"", "eve@example.invalid"));
		cJSON_AddItemToArray(a, demo_member("mber_Demo00000000007",
			"user_Demo0000000007", "customer", "joined", 3000, 50, NULL,
			"wide@example.invalid"));
	}
	for (size_t i = 1; i <= s->people; i++) {
		char id[32], uid[32], email[64], phone[32];
		static const char *const access[] = { "customer", "customer",
			"customer", "no_access", "customer", "admin" };

		snprintf(id, sizeof id, "mber_Bulk%010zu", i);
		snprintf(uid, sizeof uid, "user_Bulk%010zu", i);
		snprintf(email, sizeof email, "person-%04zu@example.invalid", i);
		snprintf(phone, sizeof phone, "+1555555%04zu", i % 10000);
		cJSON_AddItemToArray(a, demo_member(id, uid, access[i % 6],
			i % 10 == 0 ? "left" : "joined", (long)(i * 13 % 15000) + 900,
			i % 6 == 0 ? -1 : (long)(i % 700), i % 9 == 0 ? phone : NULL,
			email));
	}
	return a;
}

/* The Member as answered: the stored keys without "user_id"/"email",
 * and "user" as a summary of the stored user (or null). Caller frees. */
static cJSON *member_view(struct stub *s, const cJSON *m)
{
	cJSON *v = cJSON_Duplicate(m, true);
	const char *uid = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(m, "user_id"));
	cJSON *u = uid ? find_user(s, uid) : NULL;

	cJSON_DeleteItemFromObjectCaseSensitive(v, "user_id");
	cJSON_DeleteItemFromObjectCaseSensitive(v, "email");
	if (u) {
		cJSON *sum = cJSON_CreateObject(), *pic;
		cJSON *name = cJSON_GetObjectItemCaseSensitive(u, "name");

		cJSON_AddStringToObject(sum, "id", user_id(u));
		cJSON_AddItemToObject(sum, "username", cJSON_Duplicate(
			cJSON_GetObjectItemCaseSensitive(u, "username"), true));
		cJSON_AddItemToObject(sum, "name", name ? cJSON_Duplicate(name, true)
				      : cJSON_CreateNull());
		pic = cJSON_AddObjectToObject(sum, "profile_picture");
		cJSON *url = cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(u, "profile_picture"), "url");
		cJSON_AddStringToObject(pic, "url", cJSON_IsString(url) ?
					url->valuestring : PLACEHOLDER_URL);
		cJSON_AddItemToObject(v, "user", sum);
	} else {
		cJSON_AddNullToObject(v, "user");
	}
	return v;
}

/* `first` from the query: default dflt, 1..max; false after a 400. */
static bool page_first(struct call *c, size_t dflt, size_t max, size_t *first)
{
	const char *first_s = query_arg(c, "first");
	char *end;

	*first = dflt;
	if (!first_s)
		return true;
	*first = strtoul(first_s, &end, 10);
	if (!*first_s || *end || *first_s < '0' || *first_s > '9' ||
	    *first < 1 || *first > max) {
		reply_error(c->r, 400, "invalid_request",
			    "first must be an integer from 1 to %zu", max);
		return false;
	}
	return true;
}

/* `after` from the query as an offset; false after a 400. */
static bool page_after(struct call *c, size_t *start)
{
	const char *after = query_arg(c, "after");

	*start = 0;
	if (after && *after && !parse_cursor(after, start)) {
		reply_error(c->r, 400, "invalid_request", "Invalid cursor '%s'", after);
		return false;
	}
	return true;
}

/* The cursor string of offset pos (caller frees). */
static char *cursor_of(size_t pos)
{
	char cur[40];

	snprintf(cur, sizeof cur, "cursor:%zu", pos);
	return b64_encode((const unsigned char *)cur, strlen(cur));
}

/* Add page_info for items [start, start + taken) of total; the last
 * page's end_cursor is null (members) or "" (logs, last_empty). */
static void page_info_add(cJSON *root, size_t start, size_t taken,
			  size_t total, bool last_empty)
{
	cJSON *info = cJSON_AddObjectToObject(root, "page_info");
	bool more = start + taken < total;
	char *enc;

	if (taken && more) {
		enc = cursor_of(start + taken);
		cJSON_AddStringToObject(info, "end_cursor", enc);
		free(enc);
	} else if (last_empty) {
		cJSON_AddStringToObject(info, "end_cursor", "");
	} else {
		cJSON_AddNullToObject(info, "end_cursor");
	}
	if (taken) {
		enc = cursor_of(start);
		cJSON_AddStringToObject(info, "start_cursor", enc);
		free(enc);
	} else {
		cJSON_AddNullToObject(info, "start_cursor");
	}
	cJSON_AddBoolToObject(info, "has_next_page", more);
	cJSON_AddBoolToObject(info, "has_previous_page", start > 0);
}

/* The version checks of the support endpoints: 400 and false unless the
 * request's date is `date` (with at least `suffix`) or a later known one. */
static bool support_version(struct call *c, const char *date, int suffix,
			    const char *what, const char *shown)
{
	int cmp = strcmp(c->date, date);

	if (c->date[0] && (cmp > 0 || (cmp == 0 && c->suffix >= suffix)))
		return true;
	reply_error(c->r, 400, "invalid_request",
		    "The %s endpoints need Api-Version-Date %s or later", what, shown);
	return false;
}

/* 403 and false unless the credential holds member:basic:read. */
static bool support_scope(struct call *c)
{
	if (c->cred->member_read)
		return true;
	reply_error(c->r, 403, "forbidden", "Missing permission: member:basic:read");
	return false;
}

/* The account a members request is about: account_id, else the API
 * key's own; 400/403 and NULL when missing or not reachable. A user token
 * reaches the accounts it is an admin member of. */
static const char *support_account(struct call *c)
{
	const char *account = query_arg(c, "account_id");
	const cJSON *m;

	if (!account || !*account)
		account = c->cred->account;
	if (!account) {
		reply_error(c->r, 400, "invalid_request",
			    "account_id is required with a user token");
		return NULL;
	}
	if (c->cred->account) {
		if (strcmp(account, c->cred->account) == 0)
			return account;
	} else {
		cJSON_ArrayForEach(m, c->s->members) {
			const char *uid = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(m, "user_id"));
			const char *acc = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(m, "account_id"));
			const char *lvl = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(m, "access_level"));

			if (uid && acc && lvl && strcmp(uid, c->cred->user_id) == 0 &&
			    strcmp(acc, account) == 0 && strcmp(lvl, "admin") == 0)
				return account;
		}
	}
	reply_error(c->r, 403, "forbidden", "This credential has no access to account %s",
		    account);
	return NULL;
}

/* Whether comma-separated list holds item exactly. */
static bool in_list(const char *list, const char *item)
{
	size_t n = item ? strlen(item) : 0;

	for (const char *p = list; n && p && *p; ) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);

		if (len == n && strncmp(p, item, n) == 0)
			return true;
		p = comma ? comma + 1 : NULL;
	}
	return false;
}

/* GET /members: filtered, paged members of an account. */
static void members_list(struct call *c)
{
	const char *q = query_arg(c, "query"), *status = query_arg(c, "status");
	const char *access = query_arg(c, "access_level");
	const char *ids = query_arg(c, "user_ids");
	const char *account;
	size_t first, start, total = 0, taken = 0;
	cJSON *root, *data, *m;

	if (!support_version(c, MEMBERS_DATE, 0, "members", MEMBERS_DATE) ||
	    !support_scope(c) || !(account = support_account(c)) ||
	    !page_first(c, FIRST_DEFAULT, MEMBERS_FIRST_MAX, &first) ||
	    !page_after(c, &start))
		return;
	if (status && strcmp(status, "joined") != 0 && strcmp(status, "left") != 0) {
		reply_error(c->r, 400, "invalid_request",
			    "status must be joined or left");
		return;
	}
	if (access && strcmp(access, "customer") != 0 &&
	    strcmp(access, "admin") != 0 && strcmp(access, "no_access") != 0) {
		reply_error(c->r, 400, "invalid_request",
			    "access_level must be customer, admin or no_access");
		return;
	}
	root = cJSON_CreateObject();
	data = cJSON_AddArrayToObject(root, "data");
	cJSON_ArrayForEach(m, c->s->members) {
		const char *uid = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(m, "user_id"));
		const char *email = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(m, "email"));
		const cJSON *u = uid && q && *q ? find_user(c->s, uid) : NULL;
		const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(u, "name"));
		const char *uname = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(u, "username"));

		if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(m, "account_id")),
			   account) != 0)
			continue;
		if (status && strcmp(status, cJSON_GetStringValue(
			    cJSON_GetObjectItemCaseSensitive(m, "status"))) != 0)
			continue;
		if (access && strcmp(access, cJSON_GetStringValue(
			    cJSON_GetObjectItemCaseSensitive(m, "access_level"))) != 0)
			continue;
		if (ids && *ids && !in_list(ids, uid))
			continue;
		if (q && *q && !(uname && strcasestr(uname, q)) &&
		    !(name && strcasestr(name, q)) &&
		    !(c->cred->email_read && email && strcasecmp(email, q) == 0))
			continue;
		if (total++ < start || taken == first)
			continue;
		cJSON_AddItemToArray(data, member_view(c->s, m));
		taken++;
	}
	page_info_add(root, start, taken, total, false);
	reply_json(c->r, 200, root);
}

/* The stored member with id, or NULL. */
static cJSON *find_member(struct stub *s, const char *id)
{
	cJSON *m;

	cJSON_ArrayForEach(m, s->members)
		if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(m, "id")),
			   id) == 0)
			return m;
	return NULL;
}

/* The member with id, after the checks every /members/{id} request makes
 * (404, 403 for another account); NULL after answering. */
static cJSON *member_for(struct call *c, const char *id)
{
	cJSON *m = find_member(c->s, id);
	const char *acc;

	if (!m) {
		reply_error(c->r, 404, "not_found", "Member %.80s not found", id);
		return NULL;
	}
	acc = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(m, "account_id"));
	if (c->cred->account && strcmp(acc, c->cred->account) != 0) {
		reply_error(c->r, 403, "forbidden", "No access to that member");
		return NULL;
	}
	return m;
}

/* GET /members/{id}. */
static void members_get(struct call *c, const char *id)
{
	cJSON *m;

	if (!support_version(c, MEMBERS_DATE, 0, "members", MEMBERS_DATE) ||
	    !support_scope(c) || !(m = member_for(c, id)))
		return;
	reply_json(c->r, 200, member_view(c->s, m));
}

/* Log entry j (0 = most recent) of the member at index k of the seed
 * order: grace's has LONG_LOG_ENTRIES entries with every actor shape;
 * others the three of the fixture. */
static cJSON *log_entry(size_t j, long base_h)
{
	static const char *const actions[] = { "Membership renewed",
		"Access granted to Pro plan", NULL, "Payment succeeded",
		"Note added by support" };
	cJSON *e = cJSON_CreateObject(), *a;
	char when[32];
	const char *action = actions[j % 5];

	if (action)
		cJSON_AddStringToObject(e, "action", action);
	else
		cJSON_AddNullToObject(e, "action");
	switch (j % 5) {
	case 1:
		a = cJSON_AddObjectToObject(e, "actor");
		cJSON_AddStringToObject(a, "id", STUB_ADA_ID);
		cJSON_AddStringToObject(a, "name", "Ada Lovelace");
		cJSON_AddStringToObject(a, "username", "ada-lovelace");
		break;
	case 2:
		a = cJSON_AddObjectToObject(e, "actor");
		cJSON_AddStringToObject(a, "id", "user_Demo0000000005");
		break;
	case 4:
		a = cJSON_AddObjectToObject(e, "actor");
		cJSON_AddStringToObject(a, "id", "user_Demo0000000003");
		cJSON_AddStringToObject(a, "username", "grace-hopper");
		break;
	default:
		cJSON_AddNullToObject(e, "actor");
	}
	demo_time(base_h + (long)j * 7, when, sizeof when);
	cJSON_AddStringToObject(e, "created_at", when);
	return e;
}

/* GET /members/{id}/logs?first=&after=. */
static void members_logs(struct call *c, const char *id)
{
	size_t first, start, total, taken = 0;
	cJSON *m, *root, *data;
	bool long_one;

	if (!support_version(c, LOGS_DATE, LOGS_SUFFIX, "member logs",
			     LOGS_DATE "-3") ||
	    !support_scope(c) || !(m = member_for(c, id)) ||
	    !page_first(c, LOGS_FIRST_DEFAULT, MEMBERS_FIRST_MAX, &first) ||
	    !page_after(c, &start))
		return;
	long_one = strcmp(id, STUB_MEMBER_GRACE) == 0;
	total = long_one ? LONG_LOG_ENTRIES : 3;
	root = cJSON_CreateObject();
	data = cJSON_AddArrayToObject(root, "data");
	for (size_t j = start; j < total && taken < first; j++, taken++)
		cJSON_AddItemToArray(data, log_entry(j, 600));
	if (start > total)
		start = total;
	page_info_add(root, start, taken, total, true);
	reply_json(c->r, 200, root);
}

/* GET /users/{key}/access/{resource}: {has_access, access_level}. The
 * demo resources: STUB_ACCOUNT_ID (its members' own level while joined),
 * STUB_PRODUCT_ID (the same), STUB_EXPERIENCE_ID (admins only). */
static void users_access(struct call *c, const char *key, const char *res)
{
	const char *level = "no_access";
	bool known = strcmp(res, STUB_ACCOUNT_ID) == 0 ||
		     strcmp(res, STUB_PRODUCT_ID) == 0 ||
		     strcmp(res, STUB_EXPERIENCE_ID) == 0;
	cJSON *u, *m, *root;

	if (strncmp(res, "biz_", 4) != 0 && strncmp(res, "prod_", 5) != 0 &&
	    strncmp(res, "exp_", 4) != 0) {
		reply_error(c->r, 400, "invalid_request",
			    "The resource must be a biz_, prod_ or exp_ id");
		return;
	}
	if (!support_scope(c))
		return;
	if (strcmp(key, "me") == 0 && !c->cred->user_id) {
		reply_error(c->r, 400, "invalid_request",
			    "/users/me needs a user token; an API key has no user. "
			    "Use /users/{id} instead");
		return;
	}
	u = find_user(c->s, strcmp(key, "me") == 0 ? c->cred->user_id : key);
	if (!u) {
		reply_fixture(c->s, c->r, 404, "error-404.json", "not_found",
			      "User not found");
		return;
	}
	if (!known) {
		reply_error(c->r, 404, "not_found", "Resource %.80s not found", res);
		return;
	}
	cJSON_ArrayForEach(m, c->s->members) {
		const char *uid = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(m, "user_id"));
		const char *st = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(m, "status"));
		const char *lvl = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(m, "access_level"));

		if (!uid || strcmp(uid, user_id(u)) != 0 || strcmp(st, "joined") != 0)
			continue;
		level = lvl;
		break;
	}
	if (strcmp(res, STUB_EXPERIENCE_ID) == 0 && strcmp(level, "admin") != 0)
		level = "no_access";
	root = cJSON_CreateObject();
	cJSON_AddBoolToObject(root, "has_access", strcmp(level, "no_access") != 0);
	cJSON_AddStringToObject(root, "access_level", level);
	reply_json(c->r, 200, root);
}

/* ------------------------------------------------------------ api: files */

/* The Content-Type the upload must carry, by extension. */
static const char *content_type_for(const char *filename)
{
	static const char *const map[][2] = {
		{ ".png", "image/png" }, { ".jpg", "image/jpeg" },
		{ ".jpeg", "image/jpeg" }, { ".gif", "image/gif" },
		{ ".webp", "image/webp" },
	};
	const char *dot = strrchr(filename, '.');

	for (size_t i = 0; dot && i < sizeof map / sizeof map[0]; i++)
		if (strcasecmp(dot, map[i][0]) == 0)
			return map[i][1];
	return "application/octet-stream";
}

/* A deterministic per-file signature (FNV-1a of the id). */
static void sign(const char *id, char *out, size_t size)
{
	uint64_t h = 1469598103934665603ull;

	for (const char *p = "profed-stub:"; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	for (; *id; id++)
		h = (h ^ (unsigned char)*id) * 1099511628211ull;
	snprintf(out, size, "%016llx", (unsigned long long)h);
}

/* POST /files: a pending file and where to upload it. */
static void files_create(struct call *c)
{
	static const char *const keys[] = { "filename", "visibility", NULL };
	cJSON *body = parse_object(c);
	const cJSON *fn, *vis;
	const char *bad;
	struct file *grown, *f;

	if (!body)
		return;
	fn = cJSON_GetObjectItemCaseSensitive(body, "filename");
	vis = cJSON_GetObjectItemCaseSensitive(body, "visibility");
	if ((bad = unknown_key(body, keys))) {
		reply_error(c->r, 400, "invalid_request", "Unknown field '%s'", bad);
	} else if (!fn) {
		reply_error(c->r, 400, "invalid_request", "filename is required");
	} else if (!cJSON_IsString(fn) || !*fn->valuestring ||
		   strlen(fn->valuestring) > 255 || strchr(fn->valuestring, '/')) {
		reply_error(c->r, 422, "invalid_request",
			    "filename must be a non-empty name (no '/', at most 255 bytes)");
	} else if (vis && (!cJSON_IsString(vis) ||
		   (strcmp(vis->valuestring, "public") != 0 &&
		    strcmp(vis->valuestring, "private") != 0))) {
		reply_error(c->r, 422, "invalid_request",
			    "visibility must be \"public\" or \"private\"");
	} else if (!(grown = realloc(c->s->files, (c->s->n_files + 1) * sizeof *f))) {
		reply_error(c->r, 500, "internal_error", "Out of memory");
	} else {
		c->s->files = grown;
		f = &grown[c->s->n_files];
		memset(f, 0, sizeof *f);
		snprintf(f->id, sizeof f->id, "file_Stub%08u", ++c->s->file_seq);
		sign(f->id, f->sig, sizeof f->sig);
		f->filename = strdup(fn->valuestring);
		f->content_type = content_type_for(fn->valuestring);
		f->public_vis = !vis || strcmp(vis->valuestring, "public") == 0;
		if (f->filename) {
			c->s->n_files++;
			reply_json(c->r, 200, file_view(f, true, c->s->origin));
		} else {
			reply_error(c->r, 500, "internal_error", "Out of memory");
		}
	}
	cJSON_Delete(body);
}

/* GET /files/{id}: its state; 404 when unknown. */
static void files_get(struct call *c, const char *id)
{
	struct file *f = find_file(c->s, id);

	if (f && f->settling) {
		if (f->polls_left > 0) {
			f->polls_left--;
		} else {
			f->state = f->final;
			f->settling = false;
		}
	}
	if (!f)
		reply_error(c->r, 404, "not_found", "File not found");
	else
		reply_json(c->r, 200, file_view(f, false, c->s->origin));
}

/* ---------------------------------------------------------------- routes */

/* "/users/x" style: the segment after prefix, or NULL when path is not
 * prefix + one non-empty segment. */
static const char *segment(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(path, prefix, n) != 0 || !path[n] || strchr(path + n, '/'))
		return NULL;
	return path + n;
}

/* 405 naming the allowed methods, with Allow. */
static void method_not_allowed(struct call *c, const char *allow)
{
	reply_error(c->r, 405, "method_not_allowed", "%s is not allowed here; use %s",
		    c->method, allow);
	reply_header(c->r, "Allow", "%s", allow);
}

/* Route an /api/ request (state locked). */
static void route_api(struct call *c, const char *path)
{
	const char *version = MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND,
							  "Api-Version-Date");
	bool get = strcmp(c->method, "GET") == 0;
	const char *seg;

	c->cred = authenticate(c->conn);
	if (!c->cred) {
		reply_fixture(c->s, c->r, 401, "error-401.json", "unauthorized",
			      "Invalid API key");
		reply_header(c->r, "WWW-Authenticate", "Bearer");
		return;
	}
	if (!parse_version(version, &c->shape)) {
		reply_error(c->r, 400, "invalid_request",
			    "Unrecognized Api-Version-Date '%.64s'. Supported: %s",
			    version, SUPPORTED_VERSIONS);
		return;
	}
	if (version) {
		snprintf(c->date, sizeof c->date, "%.10s", version);
		c->suffix = version[10] == '-' ? atoi(version + 11) : 0;
	}
	if (strncmp(path, API_PREFIX "/", sizeof API_PREFIX) != 0) {
		reply_error(c->r, 404, "not_found", "No such endpoint: %.200s", path);
		return;
	}
	path += strlen(API_PREFIX);
	if ((strcmp(path, "/files") == 0 || segment(path, "/files/")) &&
	    (c->shape != SHAPE_LATER || strncmp(version, "2026-08-21", 10) < 0)) {
		reply_error(c->r, 400, "invalid_request",
			    "The files endpoints need Api-Version-Date 2026-08-21-1 or later");
	} else if (strcmp(path, "/users") == 0) {
		if (get)
			users_search(c);
		else
			method_not_allowed(c, "GET");
	} else if (strncmp(path, "/users/", 7) == 0 && strstr(path + 7, "/access/") &&
		   !strchr(strstr(path + 7, "/access/") + 8, '/') &&
		   strstr(path + 7, "/access/")[8] &&
		   strchr(path + 7, '/') == strstr(path + 7, "/access/")) {
		const char *mid = strstr(path + 7, "/access/");
		char key[256];

		snprintf(key, sizeof key, "%.*s", (int)(mid - path - 7), path + 7);
		if (get)
			users_access(c, key, mid + 8);
		else
			method_not_allowed(c, "GET");
	} else if (strcmp(path, "/members") == 0) {
		if (get)
			members_list(c);
		else
			method_not_allowed(c, "GET");
	} else if ((seg = segment(path, "/members/"))) {
		if (get)
			members_get(c, seg);
		else
			method_not_allowed(c, "GET");
	} else if (strncmp(path, "/members/", 9) == 0 && path[9] != '/' &&
		   strchr(path + 9, '/') && strcmp(strchr(path + 9, '/'), "/logs") == 0) {
		char id[128];

		snprintf(id, sizeof id, "%.*s", (int)(strchr(path + 9, '/') - path - 9),
			 path + 9);
		if (get)
			members_logs(c, id);
		else
			method_not_allowed(c, "GET");
	} else if ((seg = segment(path, "/users/"))) {
		if (get)
			users_get(c, seg);
		else if (strcmp(c->method, "PATCH") == 0)
			users_patch(c, seg);
		else
			method_not_allowed(c, "GET, PATCH");
	} else if (strcmp(path, "/files") == 0) {
		if (strcmp(c->method, "POST") == 0)
			files_create(c);
		else
			method_not_allowed(c, "POST");
	} else if ((seg = segment(path, "/files/"))) {
		if (get)
			files_get(c, seg);
		else
			method_not_allowed(c, "GET");
	} else {
		reply_error(c->r, 404, "not_found", "No such endpoint: %.200s",
			    path);
	}
}

/* The storage host: PUT /_upload/{file}?signature=..., no Authorization,
 * exactly the upload_headers (state locked). */
static void route_upload(struct call *c, const char *path)
{
	struct file *f = find_file(c->s, path + strlen("/_upload/"));
	const char *sig = query_arg(c, "signature");
	const char *ctype = MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND,
							"Content-Type");
	const char *acl = MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND,
						      "x-amz-acl");
	char *copy;

	if (strcmp(c->method, "PUT") != 0) {
		reply_xml_error(c->r, 405, "MethodNotAllowed",
				"The specified method is not allowed against this resource.");
		reply_header(c->r, "Allow", "PUT");
	} else if (MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND, "Authorization")) {
		reply_xml_error(c->r, 400, "InvalidArgument",
				"Only one auth mechanism allowed; the signature query "
				"parameter or the Authorization header, not both.");
	} else if (!f || !sig || strcmp(sig, f->sig) != 0) {
		reply_xml_error(c->r, 403, "SignatureDoesNotMatch",
				"The request signature we calculated does not match "
				"the signature you provided.");
	} else if (!ctype || strcmp(ctype, f->content_type) != 0 || !acl ||
		   strcmp(acl, f->public_vis ? "public-read" : "private") != 0) {
		reply_xml_error(c->r, 403, "SignatureDoesNotMatch",
				"Content-Type and x-amz-acl must be exactly the "
				"signed upload_headers.");
	} else if (c->s->upload.outcome == STUB_UPLOAD_EXPIRED) {
		reply_xml_error(c->r, 403, "AccessDenied", "Request has expired");
	} else if (!(copy = malloc(c->body_len + 1))) {
		reply_xml_error(c->r, 500, "InternalError", "Out of memory.");
	} else {
		const struct stub_upload *m = &c->s->upload;
		enum file_state end = c->body_len && m->outcome != STUB_UPLOAD_FAILED ?
				      FILE_READY : FILE_FAILED;

		memcpy(copy, c->body, c->body_len);
		free(f->data);
		f->data = copy;
		f->len = c->body_len;
		f->settling = false;
		if (m->outcome == STUB_UPLOAD_PENDING) {
			f->state = FILE_PENDING;
		} else if (m->pending_polls > 0) {
			f->state = FILE_PENDING;
			f->settling = true;
			f->polls_left = m->pending_polls;
			f->final = end;
		} else {
			f->state = end;
		}
		reply_raw(c->r, 200, "text/plain", "", 0);
		reply_header(c->r, "ETag", "\"%s\"", f->sig);
	}
}

/* The media host: GET /_media/{file}/{name}, a ready public file's bytes
 * with its content type, no credentials needed (state locked). */
static void route_media(struct call *c, const char *path)
{
	const char *id = path + strlen("/_media/");
	const char *slash = strchr(id, '/');
	char key[32];
	struct file *f = NULL;

	if (slash && (size_t)(slash - id) < sizeof key) {
		memcpy(key, id, (size_t)(slash - id));
		key[slash - id] = '\0';
		f = find_file(c->s, key);
	}
	if (strcmp(c->method, "GET") != 0) {
		reply_xml_error(c->r, 405, "MethodNotAllowed",
				"The specified method is not allowed against this resource.");
		reply_header(c->r, "Allow", "GET");
	} else if (!f || f->state != FILE_READY || !f->public_vis) {
		reply_xml_error(c->r, 404, "NoSuchKey",
				"The specified key does not exist.");
	} else {
		reply_raw(c->r, 200, f->content_type, f->data, f->len);
	}
}

/* The answer a STATUS, RATE_LIMIT or BODY fault gives. */
static void fault_reply(struct stub *s, const struct fault *f, struct reply *r)
{
	char name[32];
	int status = f->status ? f->status : 500;
	int secs = f->seconds > 0 ? f->seconds : 12;

	switch (f->kind) {
	case STUB_FAULT_STATUS:
		snprintf(name, sizeof name, "error-%d.json", status);
		reply_fixture(s, r, status, name, status >= 500 ? "internal_error" :
			      "invalid_request", "Injected failure");
		break;
	case STUB_FAULT_RATE_LIMIT: {
		cJSON *root = cJSON_CreateObject();
		cJSON *err = cJSON_AddObjectToObject(root, "error");
		char msg[64];

		snprintf(msg, sizeof msg, "Try again in %d seconds.", secs);
		cJSON_AddStringToObject(err, "type", "rate_limit_exceeded");
		cJSON_AddStringToObject(err, "message", msg);
		reply_json(r, 429, root);
		if (f->retry_after_header)
			reply_header(r, "Retry-After", "%d", secs);
		break;
	}
	case STUB_FAULT_BODY:
		reply_raw(r, f->status ? f->status : 200,
			  f->content_type ? f->content_type : "application/json",
			  f->body ? f->body : "", f->body_len);
		break;
	default:
		break;
	}
}

/* ------------------------------------------------------------- journal */

struct header_vec {
	struct stub_header *h;
	size_t n, cap;
	bool failed;
};

/* MHD iterator: append one request header to a header_vec. */
static enum MHD_Result collect_header(void *cls, enum MHD_ValueKind kind,
				      const char *key, const char *value)
{
	struct header_vec *v = cls;

	(void)kind;
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 16;
		struct stub_header *h = realloc(v->h, cap * sizeof *h);

		if (!h) {
			v->failed = true;
			return MHD_NO;
		}
		v->h = h;
		v->cap = cap;
	}
	v->h[v->n].name = strdup(key);
	v->h[v->n].value = strdup(value ? value : "");
	v->n++;
	return MHD_YES;
}

/* Append the request with its answered status to the journal (state
 * locked). Out of memory drops the entry silently. */
static void journal_add(struct stub *s, struct MHD_Connection *conn,
			const char *method, const struct req *rq, int status)
{
	struct stub_request *e = calloc(1, sizeof *e);
	struct header_vec v = { 0 };
	const char *q = strchr(rq->uri, '?');

	if (!e)
		return;
	MHD_get_connection_values(conn, MHD_HEADER_KIND, collect_header, &v);
	e->method = strdup(method);
	e->path = q ? strndup(rq->uri, (size_t)(q - rq->uri)) : strdup(rq->uri);
	e->query = strdup(q ? q + 1 : "");
	e->body = malloc(rq->len + 1);
	e->headers = v.h;
	e->n_headers = v.n;
	e->status = status;
	if (e->body) {
		memcpy(e->body, rq->body ? rq->body : "", rq->len);
		e->body[rq->len] = '\0';
		e->body_len = rq->len;
	}
	if (s->n_journal == s->cap_journal) {
		size_t cap = s->cap_journal ? s->cap_journal * 2 : 64;
		struct stub_request **j = realloc(s->journal, cap * sizeof *j);

		if (j) {
			s->journal = j;
			s->cap_journal = cap;
		}
	}
	if (v.failed || !e->method || !e->path || !e->query || !e->body ||
	    s->n_journal == s->cap_journal) {
		stub_request_free(e);
		return;
	}
	s->journal[s->n_journal++] = e;
}

/* ----------------------------------------------------------- /_stub/ */

/* The fault kind called name (as in docs/stub.md); false when unknown. */
static bool fault_kind(const char *name, enum stub_fault_kind *out)
{
	static const char *const names[] = {
		"none", "status", "rate_limit", "reset", "truncate", "delay", "body",
		"apply_drop" };

	for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i]) == 0) {
			*out = (enum stub_fault_kind)i;
			return true;
		}
	return false;
}

/* o[key] as an int; 0 when absent or not a number. */
static int json_int(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsNumber(v) ? v->valueint : 0;
}

/* POST /_stub/fault with the stub_fault fields as JSON ("body_base64" for
 * bytes JSON cannot carry). false when malformed. */
static bool control_fault(struct stub *s, const char *text, size_t len)
{
	cJSON *o = cJSON_ParseWithLength(text, len);
	const cJSON *b64 = cJSON_GetObjectItemCaseSensitive(o, "body_base64");
	struct stub_fault f = { 0 };
	char *raw = NULL;
	size_t raw_len = 0;
	bool ok = cJSON_IsObject(o);

	if (ok)
		ok = fault_kind(cJSON_GetStringValue(
			cJSON_GetObjectItemCaseSensitive(o, "kind")), &f.kind);
	if (ok) {
		f.count = json_int(o, "count");
		f.status = json_int(o, "status");
		f.delay_ms = json_int(o, "delay_ms");
		f.seconds = json_int(o, "seconds");
		f.retry_after_header = cJSON_IsTrue(
			cJSON_GetObjectItemCaseSensitive(o, "retry_after_header"));
		f.content_type = cJSON_GetStringValue(
			cJSON_GetObjectItemCaseSensitive(o, "content_type"));
		f.body = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "body"));
		f.method = cJSON_GetStringValue(
			cJSON_GetObjectItemCaseSensitive(o, "method"));
		raw_len = f.body ? strlen(f.body) : 0;
		if (cJSON_IsString(b64)) {
			raw = b64_decode(b64->valuestring, &raw_len);
			f.body = raw;
		}
		ok = !b64 || raw;
	}
	if (ok)
		set_fault(s, &f, raw_len);
	free(raw);
	cJSON_Delete(o);
	return ok;
}

/* POST /_stub/upload {"outcome": "ready|failed|pending|expired",
 * "pending_polls": N}. false when malformed. */
static bool control_upload(struct stub *s, const char *text, size_t len)
{
	static const char *const names[] = { "ready", "failed", "pending", "expired" };
	cJSON *o = cJSON_ParseWithLength(text, len);
	const char *name = cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(o, "outcome"));
	struct stub_upload u = { .pending_polls = json_int(o, "pending_polls") };
	bool ok = false;

	for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i]) == 0) {
			u.outcome = (enum stub_upload_outcome)i;
			ok = u.pending_polls >= 0;
		}
	if (ok)
		stub_upload_mode(s, &u);
	cJSON_Delete(o);
	return ok;
}

/* The journal as a JSON array; "body_base64" replaces "body" when the body
 * is not UTF-8 text (state locked). */
static cJSON *journal_json(struct stub *s)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; i < s->n_journal; i++) {
		const struct stub_request *e = s->journal[i];
		cJSON *o = cJSON_CreateObject(), *hs;

		cJSON_AddStringToObject(o, "method", e->method);
		cJSON_AddStringToObject(o, "path", e->path);
		cJSON_AddStringToObject(o, "query", e->query);
		hs = cJSON_AddArrayToObject(o, "headers");
		for (size_t k = 0; k < e->n_headers; k++) {
			cJSON *h = cJSON_CreateObject();

			cJSON_AddStringToObject(h, "name", e->headers[k].name);
			cJSON_AddStringToObject(h, "value", e->headers[k].value);
			cJSON_AddItemToArray(hs, h);
		}
		if (utf8_valid((const unsigned char *)e->body, e->body_len) &&
		    strlen(e->body) == e->body_len) {
			cJSON_AddStringToObject(o, "body", e->body);
		} else {
			char *enc = b64_encode((const unsigned char *)e->body, e->body_len);

			cJSON_AddStringToObject(o, "body_base64", enc ? enc : "");
			free(enc);
		}
		cJSON_AddNumberToObject(o, "status", e->status);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

/* /_stub/ control requests (docs/stub.md); not journaled, never faulted. */
static void route_control(struct stub *s, const char *method, const char *path,
			  const struct req *rq, struct reply *r)
{
	const char *id = segment(path, "/_stub/user/");

	if (strcmp(path, "/_stub/journal") == 0 && strcmp(method, "GET") == 0) {
		pthread_mutex_lock(&s->lock);
		reply_json(r, 200, journal_json(s));
		pthread_mutex_unlock(&s->lock);
	} else if (strcmp(path, "/_stub/journal") == 0 && strcmp(method, "DELETE") == 0) {
		stub_journal_clear(s);
		reply_raw(r, 204, "application/json", "", 0);
	} else if (strcmp(path, "/_stub/fault") == 0 && strcmp(method, "POST") == 0) {
		if (control_fault(s, rq->body ? rq->body : "", rq->len))
			reply_raw(r, 204, "application/json", "", 0);
		else
			reply_error(r, 400, "invalid_request", "Expected {\"kind\": "
				    "\"none|status|rate_limit|reset|truncate|delay|body|apply_drop\", ...}");
	} else if (strcmp(path, "/_stub/fault") == 0 && strcmp(method, "DELETE") == 0) {
		stub_fault_clear(s);
		reply_raw(r, 204, "application/json", "", 0);
	} else if (strcmp(path, "/_stub/upload") == 0 && strcmp(method, "POST") == 0) {
		if (control_upload(s, rq->body ? rq->body : "", rq->len))
			reply_raw(r, 204, "application/json", "", 0);
		else
			reply_error(r, 400, "invalid_request", "Expected {\"outcome\": "
				    "\"ready|failed|pending|expired\", \"pending_polls\": N}");
	} else if (strcmp(path, "/_stub/reset") == 0 && strcmp(method, "POST") == 0) {
		stub_reset(s);
		reply_raw(r, 204, "application/json", "", 0);
	} else if (strcmp(path, "/_stub/user") == 0 && strcmp(method, "PUT") == 0) {
		if (rq->body && stub_put_user(s, rq->body) == 0)
			reply_raw(r, 204, "application/json", "", 0);
		else
			reply_error(r, 400, "invalid_request",
				    "Expected a user object with \"id\" and \"username\"");
	} else if (id && strcmp(method, "GET") == 0) {
		char *text = stub_get_user(s, id);

		if (text)
			reply_raw(r, 200, "application/json", text, strlen(text));
		else
			reply_error(r, 404, "not_found", "User not found");
		free(text);
	} else {
		reply_error(r, 404, "not_found", "No such control endpoint");
	}
}

/* ------------------------------------------------------------ the daemon */

struct trunc {
	char *body;
	size_t sent;  /* bytes to send before failing */
};

/* Serve the first t->sent bytes, then fail: a Content-Length the body
 * never reaches. */
static ssize_t trunc_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct trunc *t = cls;
	size_t n;

	if (pos >= t->sent)
		return MHD_CONTENT_READER_END_WITH_ERROR;
	n = t->sent - (size_t)pos;
	if (n > max)
		n = max;
	memcpy(buf, t->body + pos, n);
	return (ssize_t)n;
}

/* MHD callback: free a truncated answer. */
static void trunc_free(void *cls)
{
	struct trunc *t = cls;

	free(t->body);
	free(t);
}

/* Queue r (its body is taken); truncated answers send half the body. */
static enum MHD_Result send_reply(struct MHD_Connection *conn, struct reply *r,
				  bool truncate)
{
	struct MHD_Response *resp;
	struct trunc *t = NULL;
	enum MHD_Result ret;

	if (truncate && (t = malloc(sizeof *t))) {
		*t = (struct trunc){ r->body, r->len / 2 };
		resp = MHD_create_response_from_callback(r->len > 1 ? r->len : 2,
							 4096, trunc_read, t, trunc_free);
	} else {
		resp = MHD_create_response_from_buffer(r->len, r->body,
						       MHD_RESPMEM_MUST_FREE);
	}
	if (!resp) {
		if (t)
			trunc_free(t);
		else
			free(r->body);
		r->body = NULL;
		return MHD_NO;
	}
	r->body = NULL;
	if (r->ctype && r->status != 204)
		MHD_add_response_header(resp, "Content-Type", r->ctype);
	for (int i = 0; i < r->n_hdr; i++)
		MHD_add_response_header(resp, r->hdr_name[i], r->hdr_value[i]);
	ret = MHD_queue_response(conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* Sleep ms in small slices; false when the stub started stopping. */
static bool sleep_unless_stopping(struct stub *s, int ms)
{
	struct timespec slice = { 0, 10 * 1000 * 1000 };

	for (int waited = 0; waited < ms; waited += 10) {
		if (atomic_load(&s->stopping))
			return false;
		nanosleep(&slice, NULL);
	}
	return !atomic_load(&s->stopping);
}

/* One line per journaled request on stderr, unless quiet. */
static void log_request(const struct stub *s, const char *method,
			const char *uri, int status)
{
	if (!s->quiet)
		fprintf(stderr, "stub: %s %s -> %d\n", method, uri, status);
}

/* A whole request has arrived: answer it. MHD_NO closes the connection
 * without an answer. */
static enum MHD_Result dispatch(struct stub *s, struct MHD_Connection *conn,
				const char *url, const char *method, struct req *rq)
{
	struct reply r = { 0 };
	struct fault f = { 0 };
	struct call c = { s, conn, method, rq->body ? rq->body : "", rq->len,
			  NULL, SHAPE_2025, &r, "", 0 };
	bool api = strncmp(url, "/api/", 5) == 0;
	enum MHD_Result ret;

	if (strncmp(url, "/_stub/", 7) == 0) {
		route_control(s, method, url, rq, &r);
		return send_reply(conn, &r, false);
	}
	if (!api && strncmp(url, "/_upload/", 9) != 0 &&
	    strncmp(url, "/_media/", 8) != 0) {
		reply_error(&r, 404, "not_found", "Nothing here; the API is under "
			    API_PREFIX);
		return send_reply(conn, &r, false);
	}
	if (api)
		f = take_fault(s, method);
	if (f.kind == STUB_FAULT_DELAY && !sleep_unless_stopping(s, f.delay_ms)) {
		clear_fault(&f);
		return MHD_NO;
	}
	pthread_mutex_lock(&s->lock);
	if (f.kind == STUB_FAULT_RESET) {
		journal_add(s, conn, method, rq, 0);
		pthread_mutex_unlock(&s->lock);
		log_request(s, method, rq->uri, 0);
		clear_fault(&f);
		return MHD_NO;
	}
	fault_reply(s, &f, &r);
	if (!r.status && rq->too_big)
		reply_error(&r, 413, "invalid_request", "Request body too large");
	else if (!r.status && api)
		route_api(&c, url);
	else if (!r.status && strncmp(url, "/_media/", 8) == 0)
		route_media(&c, url);
	else if (!r.status)
		route_upload(&c, url);
	if (f.kind == STUB_FAULT_APPLY_DROP) {
		/* applied; the answer is lost with the connection */
		journal_add(s, conn, method, rq, 0);
		pthread_mutex_unlock(&s->lock);
		log_request(s, method, rq->uri, 0);
		free(r.body);
		clear_fault(&f);
		return MHD_NO;
	}
	journal_add(s, conn, method, rq, r.status);
	if (api) /* the server's request id: "req_stub" + the journal's length */
		reply_header(&r, "X-Request-Id", "req_stub%06zu", s->n_journal);
	pthread_mutex_unlock(&s->lock);
	log_request(s, method, rq->uri, r.status);
	ret = send_reply(conn, &r, f.kind == STUB_FAULT_TRUNCATE);
	clear_fault(&f);
	return ret;
}

/* MHD access handler: collect the body (capped at BODY_MAX), then
 * dispatch once it is complete. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
				  const char *url, const char *method,
				  const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	struct req *rq = *con_cls;
	size_t n = *upload_data_size;

	(void)version;
	if (!rq)
		return MHD_NO;
	if (!rq->started) {
		rq->started = true;
		return MHD_YES;
	}
	if (!n)
		return dispatch(cls, conn, url, method, rq);
	*upload_data_size = 0;
	if (rq->too_big || rq->len + n > BODY_MAX) {
		rq->too_big = true;
		return MHD_YES;
	}
	if (rq->len + n + 1 > rq->cap) {
		size_t cap = rq->cap ? rq->cap : 4096;
		char *b;

		while (cap < rq->len + n + 1)
			cap *= 2;
		b = realloc(rq->body, cap);
		if (!b) {
			rq->too_big = true;
			return MHD_YES;
		}
		rq->body = b;
		rq->cap = cap;
	}
	memcpy(rq->body + rq->len, upload_data, n);
	rq->len += n;
	rq->body[rq->len] = '\0';
	return MHD_YES;
}

/* MHD's URI log hook: the raw request target, kept per request. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct req *rq = calloc(1, sizeof *rq);

	(void)cls;
	(void)conn;
	if (rq && !(rq->uri = strdup(uri))) {
		free(rq);
		rq = NULL;
	}
	return rq;
}

/* MHD hook: free the per-request struct req. */
static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct req *rq = *con_cls;

	(void)cls;
	(void)conn;
	(void)toe;
	if (rq) {
		free(rq->uri);
		free(rq->body);
		free(rq);
	}
	*con_cls = NULL;
}

/* Build the seed users from the fixtures; false (message on stderr) when a
 * fixture is missing or malformed. */
static bool load_seed(struct stub *s)
{
	static const char *const names[] = {
		"user-me.json", "user-other.json", "user-nested-balance.json" };
	cJSON *doc[3] = { NULL, NULL, NULL };
	bool ok = true;

	for (size_t i = 0; i < 3; i++) {
		char *text = read_file(s->fixtures_dir, names[i]);

		doc[i] = text ? cJSON_Parse(text) : NULL;
		free(text);
		if (!cJSON_IsObject(doc[i])) {
			fprintf(stderr, "stub: cannot read fixture %s/%s\n",
				s->fixtures_dir, names[i]);
			ok = false;
		}
	}
	s->seed = cJSON_CreateArray();
	if (ok) {
		cJSON_AddItemToObject(doc[0], "balance",
			cJSON_DetachItemFromObjectCaseSensitive(doc[2], "balance"));
		cJSON_AddItemToArray(s->seed, doc[0]);
		cJSON_AddItemToArray(s->seed, doc[1]);
		doc[0] = doc[1] = NULL;
		for (size_t i = 0; i < sizeof extra_users / sizeof extra_users[0]; i++)
			cJSON_AddItemToArray(s->seed, cJSON_Parse(extra_users[i]));
		for (size_t i = 0; s->hostile &&
		     i < sizeof hostile_users / sizeof hostile_users[0]; i++)
			cJSON_AddItemToArray(s->seed, cJSON_Parse(hostile_users[i]));
		for (size_t i = 1; i <= s->people; i++)
			cJSON_AddItemToArray(s->seed, demo_person(i));
		s->seed_members = members_seed(s);
	}
	for (size_t i = 0; i < 3; i++)
		cJSON_Delete(doc[i]);
	return ok;
}

/* Whether libmicrohttpd was built with TLS; see stub.h. */
bool stub_tls_supported(void)
{
	return MHD_is_feature_supported(MHD_FEATURE_TLS) == MHD_YES;
}

/* Start serving; see stub.h. NULL with a message on stderr on failure
 * (including TLS asked for without both PEMs or without TLS support). */
struct stub *stub_start(const struct stub_opts *opts)
{
	struct stub *s = calloc(1, sizeof *s);
	struct sockaddr_in addr = { 0 };
	const union MHD_DaemonInfo *info;
	bool tls = opts && (opts->tls_cert_pem || opts->tls_key_pem);

	if (!s) {
		fprintf(stderr, "stub: out of memory\n");
		return NULL;
	}
	pthread_mutex_init(&s->lock, NULL);
	atomic_init(&s->stopping, false);
	s->quiet = opts && opts->quiet;
	s->people = opts ? opts->people : 0;
	s->hostile = opts && opts->hostile;
	if (tls) {
		if (!opts->tls_cert_pem || !opts->tls_key_pem) {
			fprintf(stderr, "stub: TLS needs both a certificate and a key\n");
			stub_stop(s);
			return NULL;
		}
		if (!stub_tls_supported()) {
			fprintf(stderr, "stub: this libmicrohttpd has no TLS support\n");
			stub_stop(s);
			return NULL;
		}
		s->tls_cert = strdup(opts->tls_cert_pem);
		s->tls_key = strdup(opts->tls_key_pem);
		if (!s->tls_cert || !s->tls_key) {
			fprintf(stderr, "stub: out of memory\n");
			stub_stop(s);
			return NULL;
		}
	}
	/* the key and certificate, or nothing */
	struct MHD_OptionItem tls_opts[] = {
		{ MHD_OPTION_HTTPS_MEM_KEY, 0, s->tls_key },
		{ MHD_OPTION_HTTPS_MEM_CERT, 0, s->tls_cert },
		{ MHD_OPTION_END, 0, NULL },
	};
	if (!tls)
		tls_opts[0].option = MHD_OPTION_END;
	s->fixtures_dir = strdup(opts && opts->fixtures_dir ? opts->fixtures_dir :
				 TEST_FIXTURES_DIR);
	if (!s->fixtures_dir || !load_seed(s)) {
		stub_stop(s);
		return NULL;
	}
	s->users = cJSON_Duplicate(s->seed, true);
	users_changed(s);
	s->members = cJSON_Duplicate(s->seed_members, true);
	addr.sin_family = AF_INET;
	addr.sin_port = htons(opts ? opts->port : 0);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	pthread_mutex_lock(&s->lock);
	s->daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
		MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL |
		(s->quiet ? 0 : MHD_USE_ERROR_LOG) | (tls ? MHD_USE_TLS : 0),
		0, NULL, NULL, on_request, s,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
		MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)256 * 1024,
		MHD_OPTION_ARRAY, tls_opts,
		MHD_OPTION_END);
	info = s->daemon ? MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT) : NULL;
	if (info) {
		snprintf(s->origin, sizeof s->origin, "%s://127.0.0.1:%u",
			 tls ? "https" : "http", (unsigned)info->port);
		snprintf(s->base_url, sizeof s->base_url, "%s%s", s->origin, API_PREFIX);
	}
	pthread_mutex_unlock(&s->lock);
	if (!info) {
		fprintf(stderr, "stub: cannot listen on 127.0.0.1:%u\n",
			opts ? opts->port : 0);
		stub_stop(s);
		return NULL;
	}
	return s;
}

void stub_stop(struct stub *s)
{
	if (!s)
		return;
	atomic_store(&s->stopping, true);
	if (s->daemon)
		MHD_stop_daemon(s->daemon);
	clear_journal(s);
	free(s->journal);
	clear_files(s);
	clear_overrides(s);
	clear_fault(&s->fault);
	cJSON_Delete(s->users);
	free(s->uidx);
	cJSON_Delete(s->seed);
	cJSON_Delete(s->members);
	cJSON_Delete(s->seed_members);
	free(s->fixtures_dir);
	free(s->tls_cert);
	free(s->tls_key);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

const char *stub_base_url(const struct stub *s)
{
	return s ? s->base_url : NULL;
}

size_t stub_journal_count(struct stub *s)
{
	size_t n;

	pthread_mutex_lock(&s->lock);
	n = s->n_journal;
	pthread_mutex_unlock(&s->lock);
	return n;
}

/* Whether journal entry e is method (NULL: any) to a path starting with
 * path_prefix (NULL: any). Caller holds the lock. */
static bool stub_journal_match(const struct stub_request *e,
                               const char *method, const char *path_prefix)
{
	return (!method || strcmp(e->method, method) == 0) &&
	       (!path_prefix ||
	        strncmp(e->path, path_prefix, strlen(path_prefix)) == 0);
}

size_t stub_journal_count_of(struct stub *s, const char *method,
                             const char *path_prefix)
{
	size_t n = 0;

	pthread_mutex_lock(&s->lock);
	for (size_t i = 0; i < s->n_journal; i++)
		n += stub_journal_match(s->journal[i], method, path_prefix);
	pthread_mutex_unlock(&s->lock);
	return n;
}

struct stub_request *stub_journal_nth(struct stub *s, const char *method,
                                      const char *path_prefix, size_t k)
{
	size_t at = (size_t)-1;

	pthread_mutex_lock(&s->lock);
	for (size_t i = 0, seen = 0; i < s->n_journal && at == (size_t)-1; i++)
		if (stub_journal_match(s->journal[i], method, path_prefix) &&
		    seen++ == k)
			at = i;
	pthread_mutex_unlock(&s->lock);
	/* entries are only appended (or all cleared), so index at still holds
	 * the match unless the journal was cleared meanwhile */
	return at == (size_t)-1 ? NULL : stub_journal_get(s, at);
}

struct stub_request *stub_journal_get(struct stub *s, size_t i)
{
	struct stub_request *c = NULL;
	const struct stub_request *e;

	pthread_mutex_lock(&s->lock);
	if (i < s->n_journal && (c = calloc(1, sizeof *c))) {
		e = s->journal[i];
		*c = *e;
		c->method = strdup(e->method);
		c->path = strdup(e->path);
		c->query = strdup(e->query);
		c->body = malloc(e->body_len + 1);
		c->headers = calloc(e->n_headers ? e->n_headers : 1, sizeof *c->headers);
		c->n_headers = 0;
		if (c->body)
			memcpy(c->body, e->body, e->body_len + 1);
		for (size_t k = 0; c->headers && k < e->n_headers; k++) {
			c->headers[k].name = strdup(e->headers[k].name);
			c->headers[k].value = strdup(e->headers[k].value);
			c->n_headers++;
		}
		if (!c->method || !c->path || !c->query || !c->body || !c->headers) {
			stub_request_free(c);
			c = NULL;
		}
	}
	pthread_mutex_unlock(&s->lock);
	return c;
}

void stub_request_free(struct stub_request *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_headers; i++) {
		free(r->headers[i].name);
		free(r->headers[i].value);
	}
	free(r->headers);
	free(r->method);
	free(r->path);
	free(r->query);
	free(r->body);
	free(r);
}

const char *stub_request_header(const struct stub_request *r, const char *name)
{
	for (size_t i = 0; r && name && i < r->n_headers; i++)
		if (r->headers[i].name && strcasecmp(r->headers[i].name, name) == 0)
			return r->headers[i].value;
	return NULL;
}

void stub_journal_clear(struct stub *s)
{
	pthread_mutex_lock(&s->lock);
	clear_journal(s);
	pthread_mutex_unlock(&s->lock);
}

void stub_fault(struct stub *s, const struct stub_fault *f)
{
	set_fault(s, f, f && f->body ? strlen(f->body) : 0);
}

void stub_fault_clear(struct stub *s)
{
	set_fault(s, NULL, 0);
}

void stub_upload_mode(struct stub *s, const struct stub_upload *u)
{
	pthread_mutex_lock(&s->lock);
	s->upload = u ? *u : (struct stub_upload){ STUB_UPLOAD_READY, 0 };
	pthread_mutex_unlock(&s->lock);
}

int stub_set_user_field(struct stub *s, const char *id, const char *key,
                        const char *json_value)
{
	char *stored = stub_get_user(s, id);
	cJSON *u = stored ? cJSON_Parse(stored) : NULL;
	cJSON *v = json_value ? cJSON_Parse(json_value) : NULL;
	char *out = NULL;
	int rc = -1;

	if (u && v && key) {
		cJSON_DeleteItemFromObjectCaseSensitive(u, key);
		cJSON_AddItemToObject(u, key, v);
		v = NULL;
		out = cJSON_PrintUnformatted(u);
		rc = out ? stub_put_user(s, out) : -1;
	}
	cJSON_free(out);
	cJSON_Delete(v);
	cJSON_Delete(u);
	free(stored);
	return rc;
}

int stub_put_user(struct stub *s, const char *json)
{
	cJSON *u = json ? cJSON_Parse(json) : NULL;
	const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(u, "id"));
	const char *uname = cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(u, "username"));
	cJSON *old;
	int i = 0;

	if (!cJSON_IsObject(u) || !id || strncmp(id, "user_", 5) != 0 || !uname) {
		cJSON_Delete(u);
		return -1;
	}
	pthread_mutex_lock(&s->lock);
	cJSON_ArrayForEach(old, s->users) {
		if (strcmp(user_id(old), id) == 0)
			break;
		i++;
	}
	if (old)
		cJSON_ReplaceItemInArray(s->users, i, u);
	else
		cJSON_AddItemToArray(s->users, u);
	users_changed(s);
	pthread_mutex_unlock(&s->lock);
	return 0;
}

char *stub_get_user(struct stub *s, const char *id)
{
	cJSON *u;
	char *text = NULL;

	if (!id)
		return NULL;
	pthread_mutex_lock(&s->lock);
	u = find_user(s, id);
	if (u) {
		cJSON *copy = cJSON_Duplicate(u, true);

		cJSON_DeleteItemFromObjectCaseSensitive(copy, "balance");
		text = cJSON_PrintUnformatted(copy);
		cJSON_Delete(copy);
	}
	pthread_mutex_unlock(&s->lock);
	return text;
}

void stub_reset(struct stub *s)
{
	pthread_mutex_lock(&s->lock);
	cJSON_Delete(s->users);
	s->users = cJSON_Duplicate(s->seed, true);
	users_changed(s);
	cJSON_Delete(s->members);
	s->members = cJSON_Duplicate(s->seed_members, true);
	clear_files(s);
	clear_overrides(s);
	clear_journal(s);
	clear_fault(&s->fault);
	s->upload = (struct stub_upload){ STUB_UPLOAD_READY, 0 };
	pthread_mutex_unlock(&s->lock);
}

/* See stub.h. */
void stub_client_config(struct stub *st, struct config *cfg)
{
	*cfg = (struct config){
		.base_url = (char *)stub_base_url(st),
		.token = STUB_TOKEN_ADA,
		.users_version = CONFIG_USERS_VERSION,
		.files_version = CONFIG_FILES_VERSION,
		.history_version = CONFIG_HISTORY_VERSION,
		.timeout_s = 10,
	};
}
