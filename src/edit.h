/* edit.h - the editable fields: one table, and baseline vs current values.
 *
 * edit_fields[] is the only list of editable fields. The form, validation,
 * the diff, the PATCH body's keys, `profed set --FLAG` options and the help
 * text are all driven by it: adding a field is one row.
 *
 * An edit holds, per field, the baseline (what the server last said) and
 * the current text (what the person typed). Values are compared, not
 * "touched" flags: typing the old value back is no change. Strings are
 * UTF-8 owned by the edit; NULL from the server becomes "".
 *
 * The picture field's baseline is the current picture URL (or ""); its
 * current value is either that same text (unchanged) or the new picture:
 * a file id "file_..." or the path of a local image (edit_picture_kind).
 * It is sent as {"profile_picture": {"id": "file_..."}}. A path needs an
 * upload first, at submit time (so cancelling costs nothing):
 *
 *   if (edit_picture_needs_upload(e)) {
 *           path = edit_current(e, FIELD_PICTURE);
 *           image_check(path, limit, &img, err);      // image.h, at submit
 *           ... confirm old -> new (image_describe) ...
 *           files_upload_start(...path, &img...);      // files.h
 *           ... on success: edit_set_picture_upload(e, path, file_id, err);
 *   }
 *   body = edit_patch_body(e, err);                    // carries the file id
 *
 * The field keeps showing the path; the upload is remembered for exactly
 * that text, so a failed PATCH can be retried without uploading again, and
 * typing another path forgets it.
 */
#ifndef PROFED_EDIT_H
#define PROFED_EDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

struct user;

enum field_id {
	FIELD_NAME,
	FIELD_USERNAME,
	FIELD_BIO,
	FIELD_PICTURE,
	FIELD_COUNT
};

/* A validator: returns true when text is acceptable; otherwise false with a
 * short reason in why ("at most 100 characters", "letters, digits and
 * hyphens only"). */
typedef bool (*field_validator)(const char *text, char *why, size_t why_len);

/* What a field's value is: text sent as a JSON string, or a reference
 * to an uploaded file (a local path or file id in the form, sent as
 * {"id": "file_..."}; the user holds its URL). */
enum field_kind { FIELD_KIND_TEXT, FIELD_KIND_FILE_REF };

struct field_def {
	enum field_id id;
	enum field_kind kind;
	const char *key;        /* JSON key in the User and the PATCH body */
	const char *label;      /* "Name" */
	const char *flag;       /* `profed set` option without dashes: "name" */
	const char *flag_alias; /* another accepted spelling, or NULL */
	const char *flag_arg;   /* metavar for --help: "TEXT" */
	size_t min_chars;       /* characters (code points); 0 = may be empty */
	size_t max_chars;       /* 0 = no limit */
	size_t user_offset;     /* offsetof(struct user, the char * member
	                         * holding the value; NULL there = "") */
	bool multiline;
	/* An account's per-profile override (--account-id) can change it
	 * (CONTRACT.md: name and profile_picture only); capability.h reads
	 * this, nothing names the fields. */
	bool in_override;
	field_validator validate;
	/* one line for F1 help and --help without the length limit, which
	 * edit_field_help adds from min_chars/max_chars */
	const char *help;
};

/* Indexed by enum field_id: edit_fields[f].id == f for every row. */
extern const struct field_def edit_fields[FIELD_COUNT];

/* The row of field f, NULL when f is out of range. */
const struct field_def *edit_field(enum field_id f);

/* The length limit of a row in words, from the same numbers the
 * validators use: "at most 100 characters", "1 to 42 characters", or ""
 * when there is none. Always NUL-terminates buf (n > 0); returns buf. */
const char *edit_field_limit(const struct field_def *d, char *buf, size_t n);

/* The row's help line with its limit: "Display name, one line; at most
 * 100 characters." Always NUL-terminates buf (n > 0); returns buf. */
const char *edit_field_help(const struct field_def *d, char *buf, size_t n);

/* The row whose key, flag or flag alias is name, or NULL (NULL name
 * too). */
const struct field_def *edit_field_by_key(const char *name);

/* Zero-initialise before first use (struct edit e = {0}); all accessors
 * treat a NULL string as "". */
struct edit {
	char *baseline[FIELD_COUNT];
	char *current[FIELD_COUNT];
	/* What the PATCH in flight carries (edit_mark_sent), NULL = field not
	 * sent; used by edit_commit. */
	char *sent[FIELD_COUNT];
	/* The upload that turned a local path in the picture field into a
	 * file id (edit_set_picture_upload); it counts only while the
	 * picture's current text equals upload_path. NULL = none. */
	char *upload_path;
	char *upload_id;
	/* The id of the user loaded (edit_load, edit_rebase, edit_commit
	 * follow it), for the audit trail; NULL when none. */
	char *user_id;
	/* Per field: a number that changes whenever its baseline or current
	 * text does, unique over the process (never reused, also after
	 * edit_free): what a cache of anything derived from the field keys
	 * on (edit_gen). 0: never set. */
	unsigned long gen[FIELD_COUNT];
	/* edit_is_changed's answer at generation changed_gen (a cache) */
	unsigned long changed_gen[FIELD_COUNT];
	bool changed[FIELD_COUNT];
};

/* The field's generation (see struct edit); 0 for NULL e or a bad f.
 * Equal generations mean equal texts, so work derived from a field's
 * text (wrapping, validation, a fingerprint) is redone only when it
 * changes, never per keystroke in another field. */
unsigned long edit_gen(const struct edit *e, enum field_id f);

/* Set both baseline and current from u (u NULL: all ""). Frees old values
 * (and forgets any sent marks). Returns 0 or -1 out of memory (err set;
 * e is then left all "" / NULL, never half old half new). */
int edit_load(struct edit *e, const struct user *u, struct pf_error *err);

/* Replace the baseline with u's values but keep every current value the
 * person changed: a field whose current equals the old baseline follows
 * the new baseline, the others keep their text (used after a reload, e.g.
 * on 409). Returns 0 or -1 out of memory (e unchanged then). */
int edit_rebase(struct edit *e, const struct user *u, struct pf_error *err);

/* Remember the current values of the changed fields as "sent" (call when
 * the PATCH built by edit_patch_body goes out). Returns 0 or -1 out of
 * memory. */
int edit_mark_sent(struct edit *e, struct pf_error *err);

/* After a 2xx PATCH: the answer u becomes the baseline. A sent field whose
 * current still equals what was sent follows the answer (the server is
 * authoritative, and the picture's file id becomes the new URL); a field
 * edited again while the request ran keeps its text; unsent fields follow
 * the edit_rebase rule. Clears the sent marks. Without any marks this is
 * edit_rebase. Returns 0 or -1 out of memory (e unchanged then). */
int edit_commit(struct edit *e, const struct user *u, struct pf_error *err);

/* Forget the sent marks (the PATCH failed: every edit stays). */
void edit_clear_sent(struct edit *e);

/* Set the current value of a field (copied byte for byte; the caller trims
 * form padding). NULL counts as "". Returns 0, or -1 when e is NULL, f is
 * out of range or out of memory (current unchanged then). */
int edit_set(struct edit *e, enum field_id f, const char *text);

const char *edit_current(const struct edit *e, enum field_id f); /* never NULL */
const char *edit_baseline(const struct edit *e, enum field_id f); /* never NULL */

bool edit_is_changed(const struct edit *e, enum field_id f);
bool edit_any_changed(const struct edit *e);

/* Current back to baseline, one field or all. Out of memory leaves the
 * field as it was. Accept NULL e and out-of-range f. */
void edit_revert(struct edit *e, enum field_id f);
void edit_revert_all(struct edit *e);

/* Validate one changed field's current value (unchanged fields are always
 * valid: the server already holds them). Returns true or false with err
 * (PF_ERR_VALIDATION, err->field = key, err->message = reason). */
bool edit_validate_field(const struct edit *e, enum field_id f,
                         struct pf_error *err);
/* Validate every changed field in table order; stops at the first invalid
 * one and stores its id in *bad (when bad is not NULL). */
bool edit_validate(const struct edit *e, enum field_id *bad,
                   struct pf_error *err);

/* The PATCH body: a JSON object with exactly the changed keys in table
 * order, or NULL when nothing changed (and then err is PF_OK), when a
 * changed field is invalid (PF_ERR_VALIDATION as edit_validate: never
 * sends invalid UTF-8), when the picture is a path not uploaded yet
 * (PF_ERR_VALIDATION, see edit_picture_needs_upload), or out of memory
 * (err set). Caller frees. Compact
 * JSON (cJSON_PrintUnformatted): string values byte-exact, non-ASCII as
 * UTF-8 (not \u escapes), control characters escaped (\n, \t, \u001b). */
char *edit_patch_body(const struct edit *e, struct pf_error *err);

/* What a picture field text is. PICTURE_FILE_ID: "file_" and one or more
 * ASCII letters or digits. PICTURE_PATH: any other one-line, valid UTF-8
 * text that does not start with "file_" (write ./file_x for a local file
 * named so), does not look like a URL ("://"), and neither starts nor ends
 * with white space. Everything else (and "" or NULL) is PICTURE_INVALID. */
enum picture_kind { PICTURE_INVALID, PICTURE_FILE_ID, PICTURE_PATH };
enum picture_kind edit_picture_kind(const char *text);

/* True when the picture changed to a local path and no upload of that
 * path was recorded: the caller must check and upload it before
 * edit_patch_body can build the PATCH. NULL e: false. */
bool edit_picture_needs_upload(const struct edit *e);

/* Record that the local picture path was uploaded as file_id (a ready
 * file, "file_..."). path must equal the picture's current text: when the
 * person typed something else during the upload the result is stale, and
 * this returns -1 with PF_ERR_VALIDATION (field "profile_picture") and
 * records nothing. Also -1 for a malformed id (PF_ERR_PARSE) or out of
 * memory; 0 on success. Forgotten by edit_load and edit_commit. */
int edit_set_picture_upload(struct edit *e, const char *path,
                            const char *file_id, struct pf_error *err);

/* ---- conflicts (the check right before a PATCH) and landed checks.
 *
 * The UI's flow: GET the user again (now) right before sending; then
 *   n = edit_conflicts(e, now, f);   // fields changed here AND there
 *   for each f[i]: show edit_baseline (loaded), edit_value_of(now, f[i])
 *       (server now) and edit_current (yours); the person picks, then
 *       edit_resolve(e, f[i], now, EDIT_KEEP_MINE or EDIT_TAKE_THEIRS);
 *   edit_rebase(e, now);             // the other fields follow the server
 *   body = edit_patch_body(e, ...);  // only what the person changed
 * Fields the person did not change are never in the body, so a change
 * someone else made to them is never overwritten. */

/* The value of field f in u as an edit holds it ("" for NULL/absent, and
 * for a NULL u or a bad f). Owned by u. */
const char *edit_value_of(const struct user *u, enum field_id f);

/* The fields changed in e (current != baseline) whose value on the server
 * (now) is no longer the baseline that was loaded: someone else changed
 * them meanwhile. Stored in out in table order; returns how many (0 for
 * NULL e or now). A field both sides changed to the same value is not a
 * conflict. */
size_t edit_conflicts(const struct edit *e, const struct user *now,
                      enum field_id out[FIELD_COUNT]);

enum edit_resolution {
	EDIT_KEEP_MINE,   /* baseline := server value; current stays, so it
	                     is sent and replaces theirs knowingly */
	EDIT_TAKE_THEIRS, /* current := baseline := server value: not sent */
};

/* Resolve one conflicting field against now. Returns 0, or -1 (bad e, f
 * or how; out of memory: the field is then unchanged). */
int edit_resolve(struct edit *e, enum field_id f, const struct user *now,
                 enum edit_resolution how);

/* Whether the PATCH body (a JSON object of field keys, as built by
 * edit_patch_body; other keys are ignored) is reflected in u:
 * PF_LANDED_YES when every text field sent holds the value sent (and a
 * picture sent as {"id": "file_x"} shows a URL containing file_x),
 * PF_LANDED_NO when any sent text field holds something else, and
 * PF_LANDED_UNKNOWN when nothing can be told (only a picture whose URL
 * does not name the file, an unreadable body, NULL u). */
enum pf_landed edit_body_landed(const char *body, const struct user *u);

/* Frees the strings and leaves e zeroed; e itself is the caller's.
 * Accepts NULL. */
void edit_free(struct edit *e);

/* Validators, exposed for tests and the UI's as-you-type checks. NULL
 * text counts as ""; why may be NULL. Every one rejects invalid UTF-8.
 * name: one line (no control characters), at most 100 characters (code
 * points), may be empty. username: [A-Za-z0-9-]{1,42}. bio: any valid
 * UTF-8. picture: a file id or a local path (edit_picture_kind; whether
 * the path is a usable image is image_check's job, at submit time). */
bool edit_validate_name(const char *text, char *why, size_t why_len);
bool edit_validate_username(const char *text, char *why, size_t why_len);
bool edit_validate_bio(const char *text, char *why, size_t why_len);
bool edit_validate_picture(const char *text, char *why, size_t why_len);

#endif
