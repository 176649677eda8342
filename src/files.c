/* files.c - uploading a picture through the files API; see files.h.
 *
 * Each upload is a struct files_upload and a task of the api (api.h): it
 * has its id, its cancel and its timers from the api's one operation
 * list, and it moves through the phases CREATING -> UPLOADING ->
 * PROCESSING and ends in files_finish, the one place that calls the
 * caller's done callback, ends the task and frees it. At most one
 * transfer per upload is in flight: an API request (POST /files, GET
 * /files/{id}: JSON operations of the api, api_op, never repeated by the
 * api since the polls have their own schedule) or the PUT to the storage
 * host (http_id, straight through http.c: nothing of the API's goes
 * there). Every API answer is judged in files_answer. Between polls
 * nothing is in flight and the upload waits for next_poll, which the
 * api's loop honours (files_task_wakeup). Progress from libcurl is only
 * recorded (report) and handed to the caller from api_run, outside
 * libcurl.
 */
#include "files.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "api.h"
#include "clock.h"
#include "config.h"
#include "http.h"
#include "image.h"
#include "strbuf.h"

#define FILES_ID_MAX 64            /* bytes of a file id, NUL included */
#define FILES_URL_MAX 8192
#define FILES_HEADERS_MAX 32
#define FILES_HEADER_NAME_MAX 128
#define FILES_HEADER_VALUE_MAX 4096
#define FILES_UPLOAD_MIN_RATE 64   /* bytes per ms the PUT timeout allows */

struct files_upload;

struct files {
	struct api *a;
	const struct config *cfg;
	long poll_first_ms, poll_max_ms, ready_timeout_ms;
	size_t active;             /* unfinished uploads (tasks of a) */
};

struct files_upload {
	struct files *fl;
	long id;                   /* the api task's id */
	enum files_phase phase;
	long api_op;               /* API request in flight, 0 = none */
	long http_id;              /* the PUT in flight, 0 = none */
	char *data;                /* the picture; freed once it is sent */
	size_t len;
	char file_id[FILES_ID_MAX];
	char *upload_url;
	char **headers;            /* "Name: value" lines, NULL-terminated */
	long long next_poll;       /* monotonic ms; PROCESSING without transfer */
	long long deadline;        /* monotonic ms: the ready timeout */
	long interval;             /* the wait after the next pending answer */
	size_t sent;
	bool report;               /* progress to hand over from api_run */
	bool report_all_sent;      /* the PUT ended: tell sent == total first */
	char last_problem[256];    /* the last poll failure that may pass */
	files_progress_fn progress;
	files_done_fn done;
	void *ud;
	char what[128];
};

/* New uploader; see files.h. */
struct files *files_new(struct api *a, const struct files_limits *lim,
                        struct pf_error *err)
{
	if (!a || !api_http(a) || !api_config(a)) {
		pf_error_set(err, PF_ERR_USAGE, "no API client for uploads");
		return NULL;
	}
	struct files *fl = calloc(1, sizeof(*fl));
	if (!fl) {
		pf_error_set(err, PF_ERR_NOMEM, "out of memory");
		return NULL;
	}
	fl->a = a;
	fl->cfg = api_config(a);
	fl->poll_first_ms = lim && lim->poll_first_ms > 0 ?
	                    lim->poll_first_ms : FILES_POLL_FIRST_MS;
	fl->poll_max_ms = lim && lim->poll_max_ms > 0 ?
	                  lim->poll_max_ms : FILES_POLL_MAX_MS;
	fl->ready_timeout_ms = lim && lim->ready_timeout_ms > 0 ?
	                       lim->ready_timeout_ms : FILES_READY_TIMEOUT_MS;
	return fl;
}

/* Free an upload whose task has ended. */
static void files_upload_free(struct files_upload *up)
{
	if (!up)
		return;
	free(up->data);
	free(up->upload_url);
	for (size_t i = 0; up->headers && up->headers[i]; i++)
		free(up->headers[i]);
	free(up->headers);
	free(up);
}

/* End up: end its task, run its done callback (file_id on success, else
 * err) and free it. No transfer of it may be in flight. */
static void files_finish(struct files_upload *up, const char *file_id,
                         struct pf_error *err)
{
	struct files *fl = up->fl;
	api_task_end(fl->a, up->id);
	fl->active--;
	struct pf_error ok;
	if (file_id) {
		pf_error_clear(&ok);
		err = &ok;
	} else {
		snprintf(err->what, sizeof(err->what), "%s", up->what);
	}
	up->done(up->ud, up->id, file_id, err);
	files_upload_free(up);
}

/* End up with an error of kind and a formatted message. */
__attribute__((format(printf, 3, 4)))
static void files_fail(struct files_upload *up, enum pf_err_kind kind,
                       const char *fmt, ...)
{
	struct pf_error err;
	char msg[sizeof(err.message)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pf_error_clear(&err);
	pf_error_set(&err, kind, "%s", msg);
	files_finish(up, NULL, &err);
}

/* Cancel everything, then free; see files.h. */
void files_free(struct files *fl)
{
	if (!fl)
		return;
	api_cancel_owner(fl->a, fl);
	free(fl);
}

/* Whether s is "file_" and one or more ASCII letters or digits, short
 * enough to keep. */
static bool files_id_ok(const char *s)
{
	if (!s || strncmp(s, "file_", 5) || !s[5] || strlen(s) >= FILES_ID_MAX)
		return false;
	for (const char *p = s + 5; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9')))
			return false;
	return true;
}

/* Why upload_url may not be used, or NULL when it may: an absolute https
 * URL (http only when the API itself is on loopback) of printable
 * ASCII, with a host and without user credentials. */
static const char *files_url_problem(const struct files *fl, const char *url)
{
	size_t n = strlen(url);
	if (n > FILES_URL_MAX)
		return "is too long";
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)url[i] <= 0x20 || (unsigned char)url[i] >= 0x7f)
			return "contains white space, controls or non-ASCII bytes";
	const char *rest;
	if (!strncasecmp(url, "https://", 8))
		rest = url + 8;
	else if (!strncasecmp(url, "http://", 7) &&
	         http_api_loopback(api_http(fl->a)))
		rest = url + 7;
	else
		return "is not an https URL";
	size_t auth = strcspn(rest, "/?#");
	if (!auth)
		return "has no host";
	if (memchr(rest, '@', auth))
		return "carries user credentials";
	return NULL;
}

/* True for the characters of an HTTP header name (RFC 9110 token). */
static bool files_tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* Whether the header lines in h already name name. */
static bool files_has_header(char *const *h, size_t n, const char *name)
{
	size_t len = strlen(name);
	for (size_t i = 0; i < n; i++)
		if (!strncasecmp(h[i], name, len) && h[i][len] == ':')
			return true;
	return false;
}

/* Turn upload_headers into up->headers ("Name: value" lines, then
 * "Accept:" and "User-Agent:" to keep libcurl's own out unless the server
 * named them; http.c leaves out "Expect:" for every body). Returns NULL, or why the object is refused
 * (then up->headers may be partly built; files_upload_free frees it). */
static const char *files_take_headers(struct files_upload *up,
                                      const cJSON *obj, char *why, size_t n)
{
	static const char *const refused[] = {
		"Host", "Content-Length", "Transfer-Encoding", "Connection",
		"Authorization",
	};
	static const char *const ours[] = { "Accept", "User-Agent" };
	if (!cJSON_IsObject(obj))
		return "upload_headers is not an object";
	size_t count = (size_t)cJSON_GetArraySize(obj);
	if (count > FILES_HEADERS_MAX)
		return "upload_headers has too many entries";
	up->headers = calloc(count + sizeof(ours) / sizeof(ours[0]) + 1,
	                     sizeof(*up->headers));
	if (!up->headers)
		return "out of memory";
	size_t k = 0;
	const cJSON *h;
	cJSON_ArrayForEach(h, obj) {
		const char *name = h->string, *value = cJSON_GetStringValue(h);
		size_t nl = name ? strlen(name) : 0;
		if (!nl || nl > FILES_HEADER_NAME_MAX) {
			snprintf(why, n, "upload_headers has an empty or overlong name");
			return why;
		}
		for (size_t i = 0; i < nl; i++) {
			if (!files_tchar((unsigned char)name[i])) {
				snprintf(why, n, "upload_headers has a name that is no "
				         "HTTP header name");
				return why;
			}
		}
		if (!value || !*value || strlen(value) > FILES_HEADER_VALUE_MAX) {
			snprintf(why, n, "upload header %.64s is not a non-empty "
			         "string", name);
			return why;
		}
		for (const char *p = value; *p; p++) {
			if ((unsigned char)*p < 0x20 || *p == 0x7f) {
				snprintf(why, n, "upload header %.64s contains control "
				         "characters (CR/LF)", name);
				return why;
			}
		}
		for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
			if (!strcasecmp(name, refused[i])) {
				snprintf(why, n, "upload_headers asks for %s, which is "
				         "never sent with an upload", refused[i]);
				return why;
			}
		}
		if (files_has_header(up->headers, k, name)) {
			snprintf(why, n, "upload header %.64s is given twice", name);
			return why;
		}
		struct strbuf sb = { 0 };
		if (strbuf_appendf(&sb, "%s: %s", name, value) < 0 ||
		    !(up->headers[k] = strbuf_take(&sb))) {
			strbuf_free(&sb);
			return "out of memory";
		}
		k++;
	}
	for (size_t i = 0; i < sizeof(ours) / sizeof(ours[0]); i++) {
		if (files_has_header(up->headers, k, ours[i]))
			continue;
		struct strbuf sb = { 0 };
		if (strbuf_appendf(&sb, "%s:", ours[i]) < 0 ||
		    !(up->headers[k] = strbuf_take(&sb))) {
			strbuf_free(&sb);
			return "out of memory";
		}
		k++;
	}
	return NULL;
}

static void files_api_answer(void *ud, long id, const struct api_answer *ans,
                             const struct pf_error *err);

/* Start up's next API request: POST /files with body, or (body NULL) GET
 * /files/{its id}, with the files version, never repeated by the api
 * (polls have their own schedule). Returns 0 or -1 with err. */
static int files_api_request(struct files_upload *up, const char *body,
                             struct pf_error *err)
{
	struct files *fl = up->fl;
	char path[sizeof(up->file_id) + 16];
	/* a file id is "file_" and letters or digits (files_id_ok): nothing
	 * to escape */
	snprintf(path, sizeof(path), "/files%s%s", body ? "" : "/",
	         body ? "" : up->file_id);
	struct api_json_request req = {
		.method = body ? "POST" : "GET", .path = path,
		.version = fl->cfg->files_version ? fl->cfg->files_version :
		           CONFIG_FILES_VERSION,
		.body = body, .no_retry = true, .what = up->what,
	};
	long id = api_json_start(fl->a, &req, files_api_answer, up, err);
	if (id < 0)
		return -1;
	up->api_op = id;
	return 0;
}

/* Start the next GET /files/{id}; a failure to start ends the upload. */
static void files_poll_start(struct files_upload *up)
{
	struct pf_error err;
	pf_error_clear(&err);
	if (files_api_request(up, NULL, &err) < 0)
		files_finish(up, NULL, &err);
}

/* After a pending answer or a poll failure that may pass (why, or NULL):
 * schedule the next poll, wait_ms at least, or end the upload when the
 * ready timeout has passed. */
static void files_poll_later(struct files_upload *up, long wait_ms,
                             const char *why)
{
	struct files *fl = up->fl;
	long long now = clock_now_ms();
	if (why)
		snprintf(up->last_problem, sizeof(up->last_problem), "%s", why);
	if (now >= up->deadline) {
		long ms = fl->ready_timeout_ms;
		char span[32];
		if (ms % 1000)
			snprintf(span, sizeof(span), "%ld ms", ms);
		else
			snprintf(span, sizeof(span), "%ld seconds", ms / 1000);
		if (up->last_problem[0])
			files_fail(up, PF_ERR_IO, "the server did not finish the "
			           "picture within %s (last problem: %s)", span,
			           up->last_problem);
		else
			files_fail(up, PF_ERR_IO, "the server did not finish the "
			           "picture within %s; try again later", span);
		return;
	}
	long wait = up->interval > wait_ms ? up->interval : wait_ms;
	up->next_poll = now + wait;
	if (up->next_poll > up->deadline)
		up->next_poll = up->deadline; /* one last look at the deadline */
	up->interval = up->interval * 2 > fl->poll_max_ms ?
	               fl->poll_max_ms : up->interval * 2;
}

/* The one judge of a files API answer (POST /files, or a poll when
 * up->phase is PROCESSING): the JSON object of a 2xx answer, or NULL when
 * the upload was ended here or (a poll's failure that may pass: network,
 * timeout, 429, 5xx) its next poll scheduled. A 404 is not "that user was
 * not found" but a files API that is not there (POST) or a file the
 * server forgot (poll); an answer that is not a JSON object is unusable;
 * any other failure ends the upload with the api's error. */
static const cJSON *files_answer(struct files_upload *up,
                                 const struct api_answer *ans,
                                 const struct pf_error *err)
{
	bool poll = up->phase == FILES_PROCESSING;
	char step[FILES_ID_MAX + 32];
	if (poll)
		snprintf(step, sizeof(step), "the answer about file %s", up->file_id);
	else
		snprintf(step, sizeof(step), "the answer to POST /files");
	if (err->kind == PF_OK) {
		if (cJSON_IsObject(ans->json))
			return ans->json;
		files_fail(up, PF_ERR_PARSE, "%s is unusable: it is not a JSON "
		           "object", step);
	} else if (poll && (err->kind == PF_ERR_TRANSPORT ||
	                    err->kind == PF_ERR_TIMEOUT)) {
		files_poll_later(up, 0, err->message);
	} else if (poll && err->kind == PF_ERR_HTTP &&
	           (err->status == 429 || err->status >= 500)) {
		char why[300];
		snprintf(why, sizeof(why), "HTTP %ld: %.200s", err->status,
		         err->message);
		files_poll_later(up, err->retry_after_s > 0 ?
		                 err->retry_after_s * 1000L : 0, why);
	} else if (err->kind == PF_ERR_HTTP && err->status == 404) {
		if (poll)
			files_fail(up, PF_ERR_IO, "the server no longer knows file %s "
			           "(HTTP 404: %.200s)", up->file_id, err->message);
		else
			files_fail(up, PF_ERR_IO, "there is no files API at "
			           "%.200s/files (HTTP 404: %.200s); check --base-url",
			           up->fl->cfg->base_url, err->message);
	} else if (err->kind == PF_ERR_PARSE) {
		files_fail(up, PF_ERR_PARSE, "%s is unusable: %.300s", step,
		           err->message);
	} else {
		struct pf_error copy = *err;
		files_finish(up, NULL, &copy);
	}
	return NULL;
}

/* A usable answer of GET /files/{id}: ready, failed, or poll again. */
static void files_poll_answer(struct files_upload *up, const cJSON *root)
{
	const char *id = cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(root, "id"));
	const char *st = cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(root, "upload_status"));
	if (!st) {
		files_fail(up, PF_ERR_PARSE, "the answer about file %s has no "
		           "upload_status", up->file_id);
	} else if (id && strcmp(id, up->file_id)) {
		files_fail(up, PF_ERR_PARSE, "asked about file %s, the server "
		           "answered about another file", up->file_id);
	} else if (!strcmp(st, "ready")) {
		char file_id[FILES_ID_MAX];
		memcpy(file_id, up->file_id, sizeof(file_id));
		files_finish(up, file_id, NULL);
	} else if (!strcmp(st, "failed")) {
		files_fail(up, PF_ERR_IO, "the server could not process the "
		           "picture (upload_status \"failed\"); try another image");
	} else {
		files_poll_later(up, 0, NULL); /* pending, or a state to wait out */
	}
}

/* The S3-style <Code> of an XML error body ("SignatureDoesNotMatch"),
 * letters and digits only, into code; "" when there is none. */
static void files_xml_code(const char *body, char *code, size_t n)
{
	const char *p = body ? strstr(body, "<Code>") : NULL;
	size_t o = 0;
	if (p)
		for (p += 6; *p && *p != '<' && o + 1 < n; p++)
			if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			    (*p >= '0' && *p <= '9'))
				code[o++] = *p;
	code[o] = '\0';
}

/* Answer of the PUT: on 2xx start polling at once. */
static void files_put_done(void *ud, const struct http_response *res,
                           const struct pf_error *herr)
{
	struct files_upload *up = ud;
	struct pf_error err;
	up->http_id = 0;
	if (!res) {
		err = *herr;
		files_finish(up, NULL, &err);
		return;
	}
	char code[64], detail[80] = "";
	files_xml_code(res->body, code, sizeof(code));
	if (code[0])
		snprintf(detail, sizeof(detail), ", %s", code);
	if (res->status == 403) {
		files_fail(up, PF_ERR_IO, "the storage host refused the upload "
		           "(HTTP 403%s): the upload URL expired or was refused; "
		           "send again for a fresh one", detail);
		return;
	}
	if (res->status < 200 || res->status >= 300) {
		files_fail(up, PF_ERR_IO, "the storage host answered the upload "
		           "with HTTP %ld%s", res->status, detail);
		return;
	}
	free(up->data);
	up->data = NULL;
	up->sent = up->len;
	up->report_all_sent = true;
	up->phase = FILES_PROCESSING;
	up->report = true;
	up->interval = up->fl->poll_first_ms;
	up->deadline = clock_now_ms() + up->fl->ready_timeout_ms;
	files_poll_start(up);
}

/* Record upload progress (inside libcurl: no callbacks from here). */
static void files_put_progress(void *ud, size_t sent, size_t total)
{
	struct files_upload *up = ud;
	(void)total;
	if (sent != up->sent) {
		up->sent = sent;
		up->report = true;
	}
}

/* A usable answer of POST /files: check it, then PUT the bytes. */
static void files_create_answer(struct files_upload *up, const cJSON *root)
{
	struct pf_error err;
	pf_error_clear(&err);
	const char *id = cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(root, "id"));
	const char *url = cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(root, "upload_url"));
	const char *problem = NULL;
	char why[200] = "";
	if (!files_id_ok(id))
		problem = "its id is not a file id (file_...)";
	else if (!url)
		problem = "it has no upload_url";
	else if ((problem = files_url_problem(up->fl, url))) {
		snprintf(why, sizeof(why), "its upload_url %s", problem);
		problem = why;
	} else {
		problem = files_take_headers(up, cJSON_GetObjectItemCaseSensitive(
			root, "upload_headers"), why, sizeof(why));
	}
	if (!problem) {
		snprintf(up->file_id, sizeof(up->file_id), "%s", id);
		if (!(up->upload_url = strdup(url)))
			problem = "out of memory";
	}
	if (problem) {
		files_fail(up, strcmp(problem, "out of memory") ? PF_ERR_PARSE :
		           PF_ERR_NOMEM, "the answer to POST /files is unusable: %s",
		           problem);
		return;
	}
	long timeout = up->fl->cfg->timeout_s > 0 ? up->fl->cfg->timeout_s * 1000 :
	               30000;
	struct http_request req = {
		.method = "PUT", .url = up->upload_url, .body = up->data,
		.body_len = up->len, .headers = (const char *const *)up->headers,
		.with_auth = false, .progress = files_put_progress,
		.timeout_ms = timeout + (long)(up->len / FILES_UPLOAD_MIN_RATE),
	};
	up->phase = FILES_UPLOADING;
	up->report = true;
	long hid = http_start(api_http(up->fl->a), &req, files_put_done, up, &err);
	if (hid < 0) {
		files_finish(up, NULL, &err);
		return;
	}
	up->http_id = hid;
}

/* Callback of every files API request of an upload: judged in
 * files_answer, then the step it answers. */
static void files_api_answer(void *ud, long id, const struct api_answer *ans,
                             const struct pf_error *err)
{
	struct files_upload *up = ud;
	(void)id;
	up->api_op = 0;
	const cJSON *root = files_answer(up, ans, err);
	if (!root)
		return;
	if (up->phase == FILES_PROCESSING)
		files_poll_answer(up, root);
	else
		files_create_answer(up, root);
}

static const struct api_task_ops files_task_ops;

/* Start an upload; see files.h. */
long files_upload_start(struct files *fl, const char *path,
                        const struct image_info *img,
                        files_progress_fn progress, files_done_fn done,
                        void *ud, struct pf_error *err)
{
	if (!fl || !path || !img || !img->content_type || !done)
		return pf_error_set(err, PF_ERR_USAGE,
		                    "no uploader, picture or callback");
	struct image_info now;
	char *data = NULL;
	size_t limit = (size_t)(fl->cfg->max_picture_mb > 0 ?
	                        fl->cfg->max_picture_mb : 10) * 1024 * 1024;
	if (image_read(path, limit, &now, &data, err) < 0)
		return -1;
	if (now.size != img->size || strcmp(now.content_type, img->content_type)) {
		free(data);
		pf_error_set(err, PF_ERR_VALIDATION, "%.200s changed since it was "
		             "checked; submit again", path);
		if (err)
			snprintf(err->field, sizeof(err->field), "profile_picture");
		return -1;
	}
	struct files_upload *up = calloc(1, sizeof(*up));
	cJSON *o = cJSON_CreateObject();
	char *body = NULL;
	if (!up || !o || !cJSON_AddStringToObject(o, "filename", img->filename) ||
	    !cJSON_AddStringToObject(o, "visibility", "public") ||
	    !(body = cJSON_PrintUnformatted(o))) {
		cJSON_Delete(o);
		free(up);
		free(data);
		return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
	}
	cJSON_Delete(o);
	up->fl = fl;
	up->data = data;
	up->len = now.size;
	up->phase = FILES_CREATING;
	up->report = true;
	up->progress = progress;
	up->done = done;
	up->ud = ud;
	snprintf(up->what, sizeof(up->what), "upload the picture %.100s",
	         img->filename);
	if (err)
		snprintf(err->what, sizeof(err->what), "%s", up->what);
	long id = api_task_start(fl->a, &files_task_ops, fl, up, err);
	if (id < 0 || (up->id = id, files_api_request(up, body, err) < 0)) {
		if (id > 0)
			api_task_end(fl->a, id);
		free(body);
		files_upload_free(up);
		return -1;
	}
	free(body);
	fl->active++;
	return up->id;
}

bool files_busy(const struct files *fl)
{
	return fl && fl->active;
}

/* Task hook: milliseconds until up has timer work (progress to report,
 * its next poll; the ready timeout is checked at the last poll, which is
 * never later than it), -1 while it waits for the network. */
static long long files_task_wakeup(void *ud, long long now)
{
	const struct files_upload *up = ud;
	if (up->report || up->report_all_sent)
		return 0;
	if (up->phase == FILES_PROCESSING && !up->api_op && !up->http_id)
		return up->next_poll > now ? up->next_poll - now : 0;
	return -1;
}

/* Task hook: do one thing that is due (start the poll, or report
 * progress); the api asks again after each, and up may be gone after a
 * callback. */
static void files_task_run(void *ud, long long now)
{
	struct files_upload *up = ud;
	if (up->phase == FILES_PROCESSING && !up->api_op && !up->http_id &&
	    now >= up->next_poll) {
		files_poll_start(up);
	} else if (up->report_all_sent) {
		up->report_all_sent = false;
		if (up->progress)
			up->progress(up->ud, up->id, FILES_UPLOADING, up->len, up->len);
	} else if (up->report) {
		bool sending = up->phase == FILES_UPLOADING;
		up->report = false;
		if (up->progress)
			up->progress(up->ud, up->id, up->phase,
			             sending ? up->sent : 0, sending ? up->len : 0);
	}
}

/* Task hook (api_cancel): abort the transfer in flight, whose callback
 * then ends the upload with PF_ERR_CANCELLED, or end it here. */
static void files_task_cancel(void *ud)
{
	struct files_upload *up = ud;
	if (up->api_op) {
		api_cancel(up->fl->a, up->api_op);
	} else if (up->http_id) {
		http_cancel(api_http(up->fl->a), up->http_id);
	} else {
		struct pf_error err;
		pf_error_clear(&err);
		pf_error_set(&err, PF_ERR_CANCELLED, "cancelled");
		files_finish(up, NULL, &err);
	}
}

static const struct api_task_ops files_task_ops = {
	.next_wakeup_ms = files_task_wakeup,
	.run = files_task_run,
	.cancel = files_task_cancel,
};

/* Where files_upload_sync's result goes. */
struct files_sync {
	bool finished;
	char *file_id;
	struct pf_error *err;
	files_progress_fn progress;
	void *ud;
};

/* Progress of the blocking form: passed on with the caller's ud. */
static void files_sync_progress(void *ud, long id, enum files_phase phase,
                                size_t sent, size_t total)
{
	struct files_sync *s = ud;
	s->progress(s->ud, id, phase, sent, total);
}

/* End of the blocking form's upload: keep a copy of the id. */
static void files_sync_done(void *ud, long id, const char *file_id,
                            const struct pf_error *err)
{
	struct files_sync *s = ud;
	(void)id;
	s->finished = true;
	*s->err = *err;
	if (file_id && !(s->file_id = strdup(file_id)))
		pf_error_set(s->err, PF_ERR_NOMEM, "out of memory");
}

/* Blocking upload; see files.h. */
int files_upload_sync(struct files *fl, const char *path,
                      const struct image_info *img, files_progress_fn progress,
                      void *ud, char **file_id, struct pf_error *err)
{
	struct pf_error local;
	struct files_sync s = { .err = err ? err : &local, .progress = progress,
	                        .ud = ud };
	if (!file_id)
		return pf_error_set(s.err, PF_ERR_USAGE, "nowhere to put the file id");
	*file_id = NULL;
	pf_error_clear(s.err);
	long id = files_upload_start(fl, path, img,
	                             progress ? files_sync_progress : NULL,
	                             files_sync_done, &s, s.err);
	if (id < 0)
		return -1;
	if (api_sync_wait(fl->a, id, &s.finished) < 0) /* timers honoured */
		pf_error_set(s.err, PF_ERR_TRANSPORT,
		             "waiting for the network failed");
	if (s.err->kind != PF_OK) {
		free(s.file_id);
		return -1;
	}
	*file_id = s.file_id;
	return 0;
}
