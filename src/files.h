/* files.h - uploading a picture through the files API, asynchronously.
 *
 * One upload is three steps through an api's engine and transport (one
 * operation list, one connection pool, one event loop), and the caller's
 * done callback ends it exactly once:
 *
 *   1. POST {base}/files {"filename": NAME, "visibility": "public"} with
 *      the token, Accept: application/json, Content-Type: application/json
 *      and Api-Version-Date = the files version (--files-api-version);
 *   2. PUT the bytes to the answer's upload_url with exactly its
 *      upload_headers and nothing of ours: no Authorization, no
 *      Api-Version-Date, no Accept, Expect or User-Agent (only the
 *      transport's Host and Content-Length are added);
 *   3. GET {base}/files/{id} (like step 1, without a body) first at once,
 *      then with a growing interval (250 ms doubling to 4 s) until
 *      upload_status is "ready" (done with the id), "failed", or the
 *      ready timeout (2 minutes after the PUT) passes. A poll that fails
 *      in a way that may pass (network, timeout, 429, 5xx) is repeated
 *      at the next interval (a 429's wait honoured); other answers stop.
 *
 * The server's answers are treated as hostile: the file id must be
 * "file_" and letters or digits; upload_url an https URL (http only when
 * the API base URL is http too, as with a local stub) without user
 * credentials or white space; upload_headers an object of at most 32
 * strings whose names are HTTP tokens and values have no control
 * characters (CR, LF) and are not empty; Host, Content-Length,
 * Transfer-Encoding, Connection and Authorization are refused there.
 *
 * Errors (err->what is "upload the picture NAME"): POST and GET answers
 * through the api's engine (api_json_start: its headers, its
 * api_error_from_response, PF_ERR_HTTP with the server's message, the
 * token redacted), with two exceptions: a 404 is PF_ERR_IO saying the
 * files API is not at the base URL (POST) or the server forgot the file
 * (poll), and an answer that is not a JSON object (or lacks what is
 * needed) is PF_ERR_PARSE "... is unusable: WHY"; transport as usual; a
 * refused PUT (403: "the upload URL expired or was refused"; any other
 * status), a file that ends "failed", and the ready timeout are
 * PF_ERR_IO with a message saying which; api_cancel gives
 * PF_ERR_CANCELLED.
 *
 * An upload is a task of the api (api.h): its id comes from the api's
 * operation list, api_cancel(api, id) cancels it at any step, and the
 * api's one event loop drives it:
 *
 *   struct files *fl = files_new(api, NULL, &err);        // once
 *   id = files_upload_start(fl, path, &img, on_progress, on_done, ud, &err);
 *   for (;;) {
 *           api_wait(api, fds, nfds, revents, ui_timeout); // honours the
 *                                       // upload's polls and progress
 *           api_run(api);    // transfers finish, due polls start,
 *                            // timeouts fire, progress is reported
 *           ... keys: Esc -> api_cancel(api, id) (done runs at once) ...
 *   }
 *   files_free(fl);                          // at exit, before api_free
 *
 * Nothing blocks: between polls no transfer is in flight and the wait is
 * bounded by api_next_wakeup_ms. Callbacks (progress and done) run from
 * api_run or api_cancel, never from inside libcurl, so they may start or
 * cancel uploads and api operations; they must not call files_free.
 */
#ifndef PROFED_FILES_H
#define PROFED_FILES_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

struct api;
struct image_info;
struct files;

#define FILES_POLL_FIRST_MS 250L
#define FILES_POLL_MAX_MS 4000L
#define FILES_READY_TIMEOUT_MS 120000L

/* Timing; 0 in a field means its FILES_* default. Tests shorten them. */
struct files_limits {
	long poll_first_ms;     /* wait after the first pending answer */
	long poll_max_ms;       /* the interval doubles up to this */
	long ready_timeout_ms;  /* from the end of the PUT until ready */
};

enum files_phase {
	FILES_CREATING,   /* POST /files */
	FILES_UPLOADING,  /* PUT: sent and total are bytes of the picture */
	FILES_PROCESSING, /* polling GET /files/{id} until ready */
};

/* Progress of upload id: the phase, and for FILES_UPLOADING the bytes
 * sent so far of total (both 0 otherwise; total is the picture's size).
 * Called from files_run when the phase changes and when more bytes went
 * out; a PUT that succeeded is always reported once with sent == total
 * before FILES_PROCESSING, so a progress bar can end full. */
typedef void (*files_progress_fn)(void *ud, long id, enum files_phase phase,
                                  size_t sent, size_t total);

/* End of upload id, exactly once: file_id ("file_...", valid only during
 * the call) when the file is ready, else NULL with err. */
typedef void (*files_done_fn)(void *ud, long id, const char *file_id,
                              const struct pf_error *err);

/* New uploader over a's engine, transport and settings (base URL,
 * token, files version, timeout); a must outlive it. lim NULL = defaults.
 * NULL with err when out of memory. */
struct files *files_new(struct api *a, const struct files_limits *lim,
                        struct pf_error *err);
/* Cancels this uploader's unfinished uploads (their done callbacks run
 * with PF_ERR_CANCELLED) and frees. Accepts NULL. */
void files_free(struct files *fl);

/* Start uploading the picture at path, which img describes (from
 * image_check: the file name sent and the content expected). The bytes are
 * read now (image_read, limited to img->size), so a file that changed
 * since it was checked is refused here, before any request. progress may
 * be NULL. Returns the upload id (> 0, an id of the api's operations:
 * api_cancel cancels it at any step, the transfer in flight aborted and
 * done run at once with PF_ERR_CANCELLED; a file already created on the
 * server stays there, unused) or -1 with err (nothing started, done not
 * called). */
long files_upload_start(struct files *fl, const char *path,
                        const struct image_info *img,
                        files_progress_fn progress, files_done_fn done,
                        void *ud, struct pf_error *err);

/* Whether any upload of fl is unfinished. */
bool files_busy(const struct files *fl);

/* Blocking form for command mode: upload and wait until ready. On success
 * returns 0 with *file_id (caller frees); else -1 with err and *file_id
 * NULL. progress may be NULL. */
int files_upload_sync(struct files *fl, const char *path,
                      const struct image_info *img, files_progress_fn progress,
                      void *ud, char **file_id, struct pf_error *err);

#endif
