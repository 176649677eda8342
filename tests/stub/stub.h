/* stub.h - a faithful local stand-in for the users API (../shared/api/
 * CONTRACT.md, copy of fixtures in tests/fixtures/), served over real HTTP
 * on 127.0.0.1 by libmicrohttpd. In memory, seeded from the fixtures.
 *
 * Used two ways:
 *   - in-process by the Check tests: stub_start(), point profed at
 *     stub_base_url(), then read the journal and inject faults directly;
 *   - standalone as tests/stub/profed-stub (prints its base URL on the
 *     first line of stdout; the demo and manual testing), where the same
 *     journal and faults are reachable over HTTP under /_stub/ (see
 *     docs/stub.md).
 *
 * Credentials it knows (test values, not secrets):
 *   STUB_TOKEN_ADA      user token of user_Demo0000000001 (ada-lovelace),
 *                       may read balances and update its own profile
 *   STUB_TOKEN_CHARLES  user token of user_Demo0000000002 (charles-b)
 *   STUB_TOKEN_NOPERM   user token of ada without user:profile:update (403
 *                       on PATCH) and without the balance-read scope
 *   STUB_API_KEY        API key of account STUB_ACCOUNT_ID: may update
 *                       per-account overrides (name, profile_picture) of any
 *                       user, must pass account_id; member:basic:read and
 *                       member:email:read (members, logs, access, and the
 *                       exact-email match of GET /members?query=)
 *   STUB_API_KEY_NOEMAIL the same key without member:email:read
 * Member scopes: STUB_TOKEN_ADA has member:basic:read (she is an admin
 * member of STUB_ACCOUNT_ID) but not the email scope; CHARLES and NOPERM
 * have neither (403 on the support endpoints).
 * Any other bearer token: 401 {"error":{"code":"unauthorized",...}}.
 *
 * All functions are thread-safe (the server runs its own threads).
 */
#ifndef PROFED_STUB_H
#define PROFED_STUB_H

#include <stdbool.h>
#include <stddef.h>

#define STUB_TOKEN_ADA "pf-test-user-ada"
#define STUB_TOKEN_CHARLES "pf-test-user-charles"
#define STUB_TOKEN_NOPERM "pf-test-user-noperm"
#define STUB_API_KEY "pf-test-apikey-biz"
#define STUB_API_KEY_NOEMAIL "pf-test-apikey-noemail"
#define STUB_ACCOUNT_ID "biz_Demo00000001"
#define STUB_ADA_ID "user_Demo0000000001"
#define STUB_CHARLES_ID "user_Demo0000000002"
/* The seeded members of STUB_ACCOUNT_ID (docs/stub.md): grace-hopper
 * (joined customer, LONG history: more than 100 log entries), alan-t (left,
 * no_access, never seen, a phone number), a business buyer (user null),
 * ada (admin), mallory (hostile name). charles-b is not a member. */
#define STUB_MEMBER_GRACE "mber_Demo00000000001"
#define STUB_MEMBER_ALAN "mber_Demo00000000002"
#define STUB_MEMBER_BUSINESS "mber_Demo00000000003"
#define STUB_MEMBER_ADA "mber_Demo00000000004"
/* Resources of GET /users/{id}/access/{resource}. */
#define STUB_PRODUCT_ID "prod_Demo00000001"
#define STUB_EXPERIENCE_ID "exp_Demo00000001"

struct stub;

struct stub_opts {
	const char *fixtures_dir;  /* NULL = the compiled-in tests/fixtures */
	unsigned short port;       /* 0 = ephemeral */
	bool quiet;                /* no request log on stderr */
	/* HTTPS instead of HTTP: the server's certificate and private key as
	 * PEM text (both or neither; copied). Needs stub_tls_supported(). */
	const char *tls_cert_pem;
	const char *tls_key_pem;
	/* Demo people: this many generated users (user_Bulk0000000001,
	 * person-0001, ...), each a member of STUB_ACCOUNT_ID, after the
	 * seeded ones. 0 (the default) keeps the seeded five. Deterministic. */
	size_t people;
	/* Hostile entries for display tests: users (and memberships) whose
	 * names hold CSV quotes, commas, newlines, an OSC 52 sequence, wide
	 * characters and a bidi override. Off by default. */
	bool hostile;
};

/* Start serving. NULL on failure (message on stderr). */
struct stub *stub_start(const struct stub_opts *opts);
/* Whether this libmicrohttpd can serve HTTPS (stub_opts.tls_*). */
bool stub_tls_supported(void);
/* Stop, free everything. Accepts NULL. */
void stub_stop(struct stub *s);

/* "http://127.0.0.1:PORT/api/v1" (no trailing slash; "https://" with
 * stub_opts.tls_*); owned by the stub. */
const char *stub_base_url(const struct stub *s);

/* ---- journal: every request received, in order (including /_stub/ ones
 * are NOT recorded). */
struct stub_header {
	char *name;
	char *value;
};

struct stub_request {
	char *method;
	char *path;    /* without query, e.g. "/api/v1/users/me" */
	char *query;   /* raw query string without '?', "" when none */
	char *body;    /* NUL-terminated, "" when none */
	size_t body_len;
	struct stub_header *headers;
	size_t n_headers;
	int status;    /* the status the stub answered (0 when it sent no
	                  answer: reset, apply_drop) */
};

size_t stub_journal_count(struct stub *s);
/* A copy of request i (0-based); NULL when out of range. Free with
 * stub_request_free. */
struct stub_request *stub_journal_get(struct stub *s, size_t i);
void stub_request_free(struct stub_request *r);
/* Case-insensitive header lookup; NULL when absent. */
const char *stub_request_header(const struct stub_request *r, const char *name);
void stub_journal_clear(struct stub *s);
/* How many recorded requests have method (NULL: any) and a path starting
 * with path_prefix (NULL: any). */
size_t stub_journal_count_of(struct stub *s, const char *method,
                             const char *path_prefix);
/* A copy of the k-th (0-based) such request, or NULL when there are not
 * that many. Free with stub_request_free. */
struct stub_request *stub_journal_nth(struct stub *s, const char *method,
                                      const char *path_prefix, size_t k);

/* ---- fault injection: applies to the next `count` requests to /api/ paths
 * (with fault.method, only those with that method; count 0 = until
 * cleared), then clears itself. */
enum stub_fault_kind {
	STUB_FAULT_NONE = 0,
	STUB_FAULT_STATUS,      /* answer `status` with an error body for it
	                           (fixtures' error-*.json where one exists) */
	STUB_FAULT_RATE_LIMIT,  /* 429, "Try again in `seconds` seconds." and,
	                           when retry_after_header, Retry-After */
	STUB_FAULT_RESET,       /* close the connection without an answer */
	STUB_FAULT_TRUNCATE,    /* 200 with Content-Length larger than the body
	                           sent, then close */
	STUB_FAULT_DELAY,       /* wait delay_ms, then answer normally */
	STUB_FAULT_BODY,        /* answer `status` with `body` verbatim and
	                           `content_type` (default application/json) */
	STUB_FAULT_APPLY_DROP,  /* handle the request normally (a PATCH is
	                           applied), then close the connection without
	                           sending a byte of the answer; journaled
	                           with status 0 */
};

struct stub_fault {
	enum stub_fault_kind kind;
	int count;
	int status;
	int delay_ms;
	int seconds;
	bool retry_after_header;
	const char *body;          /* copied */
	const char *content_type;  /* copied */
	const char *method;        /* only requests with this method ("PATCH"),
	                              others pass untouched; NULL = any. Copied */
};

void stub_fault(struct stub *s, const struct stub_fault *f);
void stub_fault_clear(struct stub *s);
/* Whether the fault set last is still waiting for requests (count not
 * used up; always true for count 0). A test that must aim a fault at the
 * second of two requests sets a delay for the first, waits until this is
 * false (the first has arrived and taken it), then sets the second. */
bool stub_fault_pending(struct stub *s);

/* ---- the storage host: what happens to uploads (PUT /_upload/...) that
 * arrive from now on, until changed or stub_reset. The default is READY
 * with no pending polls (the file is ready as soon as the PUT ends). */
enum stub_upload_outcome {
	STUB_UPLOAD_READY = 0,  /* 200; the file becomes ready (failed when 0 bytes) */
	STUB_UPLOAD_FAILED,     /* 200; the file ends "failed" (processing failed) */
	STUB_UPLOAD_PENDING,    /* 200; the file stays "pending" for ever */
	STUB_UPLOAD_EXPIRED,    /* 403 AccessDenied "Request has expired" (the
	                           URL's hour is over); nothing is stored */
};

struct stub_upload {
	enum stub_upload_outcome outcome;
	/* READY and FAILED: GET /files/{id} first answers "pending" this many
	 * times, then the outcome (so clients must poll more than once). */
	int pending_polls;
};

/* Set the upload outcome; NULL restores the default. */
void stub_upload_mode(struct stub *s, const struct stub_upload *u);

/* ---- data */
/* Insert or replace a user from a JSON object in the 2026-06-09 shape (the
 * "id" key decides which). Balances/total_usd are served only to that
 * user's own token on /users/me. Returns 0 or -1 on bad JSON. */
int stub_put_user(struct stub *s, const char *json);
/* Set one key of a stored user to json_value (JSON text, e.g. "\"x\"" or
 * "null"): someone else's edit behind the client's back. Returns 0, or -1
 * when there is no such user or json_value is not JSON. */
int stub_set_user_field(struct stub *s, const char *id, const char *key,
                        const char *json_value);
/* The stored user (2026-06-09 shape) as JSON; caller frees; NULL if none. */
char *stub_get_user(struct stub *s, const char *id);
/* Restore the seeded state (users, files, overrides), clear journal and
 * faults, and the default upload outcome. */
void stub_reset(struct stub *s);

/* A client configuration for st (the test owns cfg): its base URL, ada's
 * token, the pinned users and files versions, a 10 s timeout; every
 * other setting zero. The strings are st's or static: cfg must not be
 * passed to config_free. */
struct config;
void stub_client_config(struct stub *st, struct config *cfg);

#endif
