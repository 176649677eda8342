/* edit.c - the editable fields table, baseline vs current, validation and
 * the changed-only PATCH body; see edit.h.
 */
#include "edit.h"

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "user.h"

/* The one list of editable fields (see edit.h). Adding a field is a row
 * here and its member in struct user (parsed in user.c). */
const struct field_def edit_fields[FIELD_COUNT] = {
	[FIELD_NAME] = {
		.id = FIELD_NAME, .kind = FIELD_KIND_TEXT,
		.key = "name", .label = "Name",
		.flag = "name", .flag_arg = "TEXT",
		.min_chars = 0, .max_chars = 100,
		.user_offset = offsetof(struct user, name), .multiline = false,
		.in_override = true,
		.validate = edit_validate_name,
		.help = "Display name, one line",
	},
	[FIELD_USERNAME] = {
		.id = FIELD_USERNAME, .kind = FIELD_KIND_TEXT,
		.key = "username", .label = "Username",
		.flag = "username", .flag_arg = "NAME",
		.min_chars = 1, .max_chars = 42,
		.user_offset = offsetof(struct user, username), .multiline = false,
		.validate = edit_validate_username,
		.help = "Unique handle: letters, digits and hyphens",
	},
	[FIELD_BIO] = {
		.id = FIELD_BIO, .kind = FIELD_KIND_TEXT,
		.key = "bio", .label = "Bio",
		.flag = "bio", .flag_arg = "TEXT|@FILE|-",
		.min_chars = 0, .max_chars = 0,
		.user_offset = offsetof(struct user, bio), .multiline = true,
		.validate = edit_validate_bio,
		.help = "About you; several lines, newlines are kept",
	},
	[FIELD_PICTURE] = {
		.id = FIELD_PICTURE, .kind = FIELD_KIND_FILE_REF,
		.key = "profile_picture", .label = "Picture",
		.flag = "picture", .flag_alias = "picture-id",
		.flag_arg = "PATH|FILE_ID",
		.min_chars = 0, .max_chars = 0,
		.user_offset = offsetof(struct user, picture_url),
		.multiline = false,
		.in_override = true,
		.validate = edit_validate_picture,
		.help = "A PNG, JPEG, GIF or WebP file (uploaded on send) or a "
		        "file id (file_...)",
	},
};

/* The last generation handed out: process-wide, so a number is never
 * seen twice (not even after edit_free and a new load). */
static unsigned long edit_last_gen;

/* Field f of e changed (baseline or current). */
static void edit_touch(struct edit *e, size_t f)
{
	e->gen[f] = ++edit_last_gen;
}

/* Every field of e changed. */
static void edit_touch_all(struct edit *e)
{
	for (size_t f = 0; f < FIELD_COUNT; f++)
		edit_touch(e, f);
}

/* See edit.h. */
unsigned long edit_gen(const struct edit *e, enum field_id f)
{
	return e && (int)f >= 0 && f < FIELD_COUNT ? e->gen[f] : 0;
}

/* See edit.h. */
const struct field_def *edit_field(enum field_id f)
{
	return (int)f >= 0 && f < FIELD_COUNT ? &edit_fields[f] : NULL;
}

/* See edit.h. */
const char *edit_field_limit(const struct field_def *d, char *buf, size_t n)
{
	if (!buf || !n)
		return buf;
	buf[0] = '\0';
	if (!d)
		return buf;
	if (d->min_chars > 0 && d->max_chars > 0)
		snprintf(buf, n, "%zu to %zu characters", d->min_chars,
		         d->max_chars);
	else if (d->max_chars > 0)
		snprintf(buf, n, "at most %zu characters", d->max_chars);
	else if (d->min_chars > 0)
		snprintf(buf, n, "at least %zu characters", d->min_chars);
	return buf;
}

/* See edit.h. */
const char *edit_field_help(const struct field_def *d, char *buf, size_t n)
{
	char limit[64];

	if (!buf || !n)
		return buf;
	edit_field_limit(d, limit, sizeof limit);
	snprintf(buf, n, "%s%s%s.", d && d->help ? d->help : "",
	         limit[0] ? "; " : "", limit);
	return buf;
}

/* Write a reason into why (when there is room). Returns false so that
 * validators can `return edit_why(...)`. */
static bool edit_why(char *why, size_t why_len, const char *reason)
{
	if (why && why_len)
		snprintf(why, why_len, "%s", reason);
	return false;
}

/* Clear why (when there is room). Returns true. */
static bool edit_ok(char *why, size_t why_len)
{
	if (why && why_len)
		why[0] = '\0';
	return true;
}

/* True when text is valid UTF-8; NULL counts as "". */
static bool edit_utf8(const char *text)
{
	return !text || text_utf8_valid(text, strlen(text));
}

/* Name: valid UTF-8, one line, at most 100 code points. */
bool edit_validate_name(const char *text, char *why, size_t why_len)
{
	if (!text)
		text = "";
	if (!edit_utf8(text))
		return edit_why(why, why_len, "not valid UTF-8 text");
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if (*p == '\n' || *p == '\r')
			return edit_why(why, why_len, "must be one line");
		if (*p < 0x20 || *p == 0x7f)
			return edit_why(why, why_len,
			                "control characters are not allowed");
	}
	if (text_char_count(text) > edit_fields[FIELD_NAME].max_chars)
		return edit_field_limit(&edit_fields[FIELD_NAME], why, why_len),
		       false;
	return edit_ok(why, why_len);
}

/* Username: [A-Za-z0-9-]{1,42}. */
bool edit_validate_username(const char *text, char *why, size_t why_len)
{
	if (!text || !*text)
		return edit_why(why, why_len, "cannot be empty");
	if (!edit_utf8(text))
		return edit_why(why, why_len, "not valid UTF-8 text");
	size_t n = 0;
	for (const char *p = text; *p; p++, n++) {
		char c = *p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		          (c >= '0' && c <= '9') || c == '-';
		if (!ok)
			return edit_why(why, why_len,
			                "letters, digits and hyphens only");
	}
	if (n < edit_fields[FIELD_USERNAME].min_chars ||
	    n > edit_fields[FIELD_USERNAME].max_chars)
		return edit_field_limit(&edit_fields[FIELD_USERNAME], why,
		                        why_len), false;
	return edit_ok(why, why_len);
}

/* Bio: any valid UTF-8; newlines and blank lines are content. */
bool edit_validate_bio(const char *text, char *why, size_t why_len)
{
	if (!edit_utf8(text))
		return edit_why(why, why_len, "not valid UTF-8 text");
	return edit_ok(why, why_len);
}

/* True when text is "file_" and one or more ASCII letters or digits. */
static bool edit_is_file_id(const char *text)
{
	if (strncmp(text, "file_", 5) != 0 || !text[5])
		return false;
	for (const char *p = text + 5; *p; p++) {
		char c = *p;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9')))
			return false;
	}
	return true;
}

/* Classify a picture text and say why it is unusable; the one rule behind
 * edit_picture_kind and edit_validate_picture. */
static enum picture_kind edit_picture_classify(const char *text, char *why,
                                               size_t why_len)
{
	if (!text || !*text) {
		edit_why(why, why_len, "give the path of an image or a file id "
		         "(file_...)");
		return PICTURE_INVALID;
	}
	if (!edit_utf8(text)) {
		edit_why(why, why_len, "not valid UTF-8 text");
		return PICTURE_INVALID;
	}
	if (!strncmp(text, "file_", 5)) {
		if (edit_is_file_id(text)) {
			edit_ok(why, why_len);
			return PICTURE_FILE_ID;
		}
		edit_why(why, why_len, "a file id is file_ and letters or digits "
		         "(for a local file named so, write ./file_...)");
		return PICTURE_INVALID;
	}
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			edit_why(why, why_len, "a path is one line without control "
			         "characters");
			return PICTURE_INVALID;
		}
	}
	if (strstr(text, "://")) {
		edit_why(why, why_len, "a URL cannot be used: give the path of a "
		         "local image or a file id (file_...)");
		return PICTURE_INVALID;
	}
	size_t n = strlen(text);
	if (text[0] == ' ' || text[n - 1] == ' ') {
		edit_why(why, why_len, "a path must not start or end with a space");
		return PICTURE_INVALID;
	}
	edit_ok(why, why_len);
	return PICTURE_PATH;
}

/* What a picture text is; see edit.h. */
enum picture_kind edit_picture_kind(const char *text)
{
	return edit_picture_classify(text, NULL, 0);
}

/* Picture: a file id or a local path (see edit_picture_kind). */
bool edit_validate_picture(const char *text, char *why, size_t why_len)
{
	return edit_picture_classify(text, why, why_len) != PICTURE_INVALID;
}

/* The row whose JSON key, `set` flag or flag alias is name; NULL when
 * none. */
const struct field_def *edit_field_by_key(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < FIELD_COUNT; i++)
		if (strcmp(edit_fields[i].key, name) == 0 ||
		    strcmp(edit_fields[i].flag, name) == 0 ||
		    (edit_fields[i].flag_alias &&
		     strcmp(edit_fields[i].flag_alias, name) == 0))
			return &edit_fields[i];
	return NULL;
}

/* True when f names a row of the table. */
static bool edit_field_ok(enum field_id f)
{
	return (int)f >= 0 && f < FIELD_COUNT;
}

/* The value of field f in u as the edit holds it; NULL/absent -> "".
 * Storage of u, not copied. */
const char *edit_value_of(const struct user *u, enum field_id f)
{
	const char *v = NULL;
	if (u && edit_field_ok(f))
		v = *(char *const *)((const char *)u + edit_fields[f].user_offset);
	return v ? v : "";
}

/* strcmp treating NULL as "". */
static bool edit_same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Free the strings of an array of FIELD_COUNT and set them to NULL. */
static void edit_strings_free(char **v)
{
	for (size_t i = 0; i < FIELD_COUNT; i++) {
		free(v[i]);
		v[i] = NULL;
	}
}

/* Forget the recorded picture upload. */
static void edit_upload_forget(struct edit *e)
{
	free(e->upload_path);
	free(e->upload_id);
	e->upload_path = NULL;
	e->upload_id = NULL;
}

/* Free everything e owns and zero it. Accepts NULL. */
void edit_free(struct edit *e)
{
	if (!e)
		return;
	edit_strings_free(e->baseline);
	edit_strings_free(e->current);
	edit_strings_free(e->sent);
	edit_upload_forget(e);
	free(e->user_id);
	e->user_id = NULL;
	edit_touch_all(e);
}

/* Follow u's id (kept as it was when u has none or memory runs out: the
 * audit trail then names the id it had). */
static void edit_follow_id(struct edit *e, const struct user *u)
{
	char *id = u && u->id ? strdup(u->id) : NULL;
	if (!id)
		return;
	free(e->user_id);
	e->user_id = id;
}

/* Forget the sent marks. Accepts NULL. */
void edit_clear_sent(struct edit *e)
{
	if (e)
		edit_strings_free(e->sent);
}

/* Load baseline and current from u; see edit.h. Builds the new strings
 * first, so out of memory leaves e emptied (never a mix). */
int edit_load(struct edit *e, const struct user *u, struct pf_error *err)
{
	if (!e)
		return pf_error_set(err, PF_ERR_USAGE, "no edit to load into");
	char *base[FIELD_COUNT] = { 0 }, *cur[FIELD_COUNT] = { 0 };
	bool oom = false;
	for (size_t i = 0; i < FIELD_COUNT; i++) {
		base[i] = strdup(edit_value_of(u, (enum field_id)i));
		cur[i] = strdup(edit_value_of(u, (enum field_id)i));
		if (!base[i] || !cur[i])
			oom = true;
	}
	edit_free(e);
	if (oom) {
		edit_strings_free(base);
		edit_strings_free(cur);
		return pf_error_set(err, PF_ERR_NOMEM,
		                    "out of memory loading the profile");
	}
	memcpy(e->baseline, base, sizeof(base));
	memcpy(e->current, cur, sizeof(cur));
	edit_touch_all(e);
	edit_follow_id(e, u);
	pf_error_clear(err);
	return 0;
}

/* Shared by edit_rebase and edit_commit: new baseline from u; with
 * use_sent, a sent field whose current still equals what was sent follows
 * u too. All or nothing on out of memory. */
static int edit_rebase_with(struct edit *e, const struct user *u,
                            bool use_sent, struct pf_error *err)
{
	if (!e)
		return pf_error_set(err, PF_ERR_USAGE, "no edit to rebase");
	char *base[FIELD_COUNT] = { 0 }, *cur[FIELD_COUNT] = { 0 };
	bool oom = false;
	for (size_t i = 0; i < FIELD_COUNT; i++) {
		const char *nv = edit_value_of(u, (enum field_id)i);
		const char *now = e->current[i] ? e->current[i] : "";
		bool follow = edit_same(now, e->baseline[i]);
		if (use_sent && e->sent[i] && edit_same(now, e->sent[i]))
			follow = true;
		base[i] = strdup(nv);
		cur[i] = strdup(follow ? nv : now);
		if (!base[i] || !cur[i])
			oom = true;
	}
	if (oom) {
		edit_strings_free(base);
		edit_strings_free(cur);
		return pf_error_set(err, PF_ERR_NOMEM,
		                    "out of memory updating the profile");
	}
	edit_strings_free(e->baseline);
	edit_strings_free(e->current);
	memcpy(e->baseline, base, sizeof(base));
	memcpy(e->current, cur, sizeof(cur));
	edit_touch_all(e);
	if (use_sent) {
		edit_strings_free(e->sent);
		edit_upload_forget(e);
	}
	edit_follow_id(e, u);
	pf_error_clear(err);
	return 0;
}

/* New baseline from u, the person's changes kept; see edit.h. */
int edit_rebase(struct edit *e, const struct user *u, struct pf_error *err)
{
	return edit_rebase_with(e, u, false, err);
}

/* After a 2xx PATCH; see edit.h. */
int edit_commit(struct edit *e, const struct user *u, struct pf_error *err)
{
	return edit_rebase_with(e, u, true, err);
}

/* Record the changed fields' current values as sent; see edit.h. */
int edit_mark_sent(struct edit *e, struct pf_error *err)
{
	if (!e)
		return pf_error_set(err, PF_ERR_USAGE, "no edit to mark");
	char *sent[FIELD_COUNT] = { 0 };
	for (size_t i = 0; i < FIELD_COUNT; i++) {
		if (!edit_is_changed(e, (enum field_id)i))
			continue;
		sent[i] = strdup(edit_current(e, (enum field_id)i));
		if (!sent[i]) {
			edit_strings_free(sent);
			return pf_error_set(err, PF_ERR_NOMEM,
			                    "out of memory sending the profile");
		}
	}
	edit_strings_free(e->sent);
	memcpy(e->sent, sent, sizeof(sent));
	pf_error_clear(err);
	return 0;
}

/* Set the current text of f (copied); see edit.h. */
int edit_set(struct edit *e, enum field_id f, const char *text)
{
	if (!e || !edit_field_ok(f))
		return -1;
	char *p = strdup(text ? text : "");
	if (!p)
		return -1;
	free(e->current[f]);
	e->current[f] = p;
	edit_touch(e, f);
	return 0;
}

/* The current text of f; "" for NULL e, bad f or unset. Owned by e. */
const char *edit_current(const struct edit *e, enum field_id f)
{
	if (!e || !edit_field_ok(f) || !e->current[f])
		return "";
	return e->current[f];
}

/* The baseline text of f; "" for NULL e, bad f or unset. Owned by e. */
const char *edit_baseline(const struct edit *e, enum field_id f)
{
	if (!e || !edit_field_ok(f) || !e->baseline[f])
		return "";
	return e->baseline[f];
}

/* True when f's current value differs from its baseline. */
bool edit_is_changed(const struct edit *e, enum field_id f)
{
	if (!e || !edit_field_ok(f))
		return false;
	if (e->gen[f] && e->changed_gen[f] == e->gen[f])
		return e->changed[f];
	/* a cache, not the value: the edit itself is not changed here */
	struct edit *m = (struct edit *)e;
	m->changed[f] = !edit_same(e->current[f], e->baseline[f]);
	m->changed_gen[f] = e->gen[f];
	return m->changed[f];
}

/* True when any field changed. */
bool edit_any_changed(const struct edit *e)
{
	for (size_t i = 0; i < FIELD_COUNT; i++)
		if (edit_is_changed(e, (enum field_id)i))
			return true;
	return false;
}

/* Current of f back to its baseline; out of memory leaves it as is. */
void edit_revert(struct edit *e, enum field_id f)
{
	if (!e || !edit_field_ok(f) || !edit_is_changed(e, f))
		return;
	edit_set(e, f, edit_baseline(e, f));
}

/* Every field back to its baseline. */
void edit_revert_all(struct edit *e)
{
	for (size_t i = 0; i < FIELD_COUNT; i++)
		edit_revert(e, (enum field_id)i);
}

/* Validate one changed field; see edit.h. Unchanged fields (and NULL e)
 * are valid; a bad f is not (PF_ERR_USAGE). */
bool edit_validate_field(const struct edit *e, enum field_id f,
                         struct pf_error *err)
{
	if (!edit_field_ok(f)) {
		pf_error_set(err, PF_ERR_USAGE, "no such field");
		return false;
	}
	if (!edit_is_changed(e, f)) {
		pf_error_clear(err);
		return true;
	}
	char why[256] = "";
	const struct field_def *d = &edit_fields[f];
	if (d->validate(edit_current(e, f), why, sizeof(why))) {
		pf_error_clear(err);
		return true;
	}
	pf_error_set(err, PF_ERR_VALIDATION, "%s", why[0] ? why : "invalid");
	if (err)
		snprintf(err->field, sizeof(err->field), "%s", d->key);
	return false;
}

/* Validate every changed field in table order; see edit.h. */
bool edit_validate(const struct edit *e, enum field_id *bad,
                   struct pf_error *err)
{
	for (size_t i = 0; i < FIELD_COUNT; i++) {
		if (!edit_validate_field(e, (enum field_id)i, err)) {
			if (bad)
				*bad = (enum field_id)i;
			return false;
		}
	}
	pf_error_clear(err);
	return true;
}

/* The file id recorded for the picture's current text, or NULL. */
static const char *edit_upload_for_current(const struct edit *e)
{
	if (!e || !e->upload_path || !e->upload_id ||
	    !edit_same(e->upload_path, e->current[FIELD_PICTURE]))
		return NULL;
	return e->upload_id;
}

/* Whether the changed picture is a path not uploaded yet; see edit.h. */
bool edit_picture_needs_upload(const struct edit *e)
{
	return edit_is_changed(e, FIELD_PICTURE) &&
	       edit_picture_kind(edit_current(e, FIELD_PICTURE)) == PICTURE_PATH &&
	       !edit_upload_for_current(e);
}

/* Remember the upload of the picture path; see edit.h. */
int edit_set_picture_upload(struct edit *e, const char *path,
                            const char *file_id, struct pf_error *err)
{
	if (!e || !path)
		return pf_error_set(err, PF_ERR_USAGE, "no edit or picture path");
	if (!file_id || !edit_is_file_id(file_id))
		return pf_error_set(err, PF_ERR_PARSE, "the upload gave no usable "
		                    "file id");
	if (!edit_same(path, e->current[FIELD_PICTURE])) {
		pf_error_set(err, PF_ERR_VALIDATION, "the picture was changed "
		             "while %s was uploading; submit again", path);
		if (err)
			snprintf(err->field, sizeof(err->field), "profile_picture");
		return -1;
	}
	char *p = strdup(path), *id = strdup(file_id);
	if (!p || !id) {
		free(p);
		free(id);
		return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
	}
	edit_upload_forget(e);
	e->upload_path = p;
	e->upload_id = id;
	pf_error_clear(err);
	return 0;
}

/* The compact PATCH body of the changed fields; see edit.h. Caller frees. */
char *edit_patch_body(const struct edit *e, struct pf_error *err)
{
	if (!edit_any_changed(e)) {
		pf_error_clear(err);
		return NULL;
	}
	if (!edit_validate(e, NULL, err))
		return NULL;
	cJSON *root = cJSON_CreateObject();
	if (!root)
		goto nomem;
	for (size_t i = 0; i < FIELD_COUNT; i++) {
		enum field_id f = (enum field_id)i;
		if (!edit_is_changed(e, f))
			continue;
		const char *key = edit_fields[i].key;
		const char *val = edit_current(e, f);
		if (edit_fields[i].kind == FIELD_KIND_FILE_REF) {
			if (edit_picture_kind(val) == PICTURE_PATH &&
			    !(val = edit_upload_for_current(e))) {
				cJSON_Delete(root);
				pf_error_set(err, PF_ERR_VALIDATION, "the picture %s "
				             "has not been uploaded yet",
				             edit_current(e, f));
				if (err)
					snprintf(err->field, sizeof(err->field),
					         "%s", key);
				return NULL;
			}
			cJSON *pic = cJSON_AddObjectToObject(root, key);
			if (!pic || !cJSON_AddStringToObject(pic, "id", val))
				goto nomem;
		} else if (!cJSON_AddStringToObject(root, key, val)) {
			goto nomem;
		}
	}
	char *body = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	root = NULL;
	if (!body)
		goto nomem;
	/* cJSON allocates with malloc by default (no hooks installed), so
	 * the caller's free() is right. */
	pf_error_clear(err);
	return body;
nomem:
	cJSON_Delete(root);
	pf_error_set(err, PF_ERR_NOMEM, "out of memory building the request");
	return NULL;
}

/* The changed fields someone else changed too; see edit.h. */
size_t edit_conflicts(const struct edit *e, const struct user *now,
                      enum field_id out[FIELD_COUNT])
{
	size_t n = 0;
	if (!e || !now)
		return 0;
	for (size_t i = 0; i < FIELD_COUNT; i++) {
		enum field_id f = (enum field_id)i;
		const char *server = edit_value_of(now, f);
		if (edit_is_changed(e, f) &&
		    !edit_same(server, edit_baseline(e, f)) &&
		    !edit_same(server, edit_current(e, f)))
			out[n++] = f;
	}
	return n;
}

/* Resolve one conflicting field; see edit.h. */
int edit_resolve(struct edit *e, enum field_id f, const struct user *now,
                 enum edit_resolution how)
{
	if (!e || !edit_field_ok(f) ||
	    (how != EDIT_KEEP_MINE && how != EDIT_TAKE_THEIRS))
		return -1;
	char *base = strdup(edit_value_of(now, f));
	char *cur = how == EDIT_TAKE_THEIRS ? strdup(edit_value_of(now, f)) : NULL;
	if (!base || (how == EDIT_TAKE_THEIRS && !cur)) {
		free(base);
		free(cur);
		return -1;
	}
	free(e->baseline[f]);
	e->baseline[f] = base;
	if (cur) {
		free(e->current[f]);
		e->current[f] = cur;
	}
	edit_touch(e, f);
	return 0;
}

/* Whether body's values are in u; see edit.h. */
enum pf_landed edit_body_landed(const char *body, const struct user *u)
{
	cJSON *root = body && u ? cJSON_Parse(body) : NULL;
	bool any_yes = false, any_no = false;
	for (size_t i = 0; cJSON_IsObject(root) && i < FIELD_COUNT; i++) {
		enum field_id f = (enum field_id)i;
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(
			root, edit_fields[i].key);
		if (!v)
			continue;
		const char *have = edit_value_of(u, f);
		if (edit_fields[i].kind == FIELD_KIND_FILE_REF) {
			/* the answer holds a URL, not the id: only a URL that
			 * names the file is evidence */
			const cJSON *id = cJSON_GetObjectItemCaseSensitive(v, "id");
			if (cJSON_IsString(id) && id->valuestring[0] &&
			    strstr(have, id->valuestring))
				any_yes = true;
		} else if (cJSON_IsString(v)) {
			if (edit_same(v->valuestring, have))
				any_yes = true;
			else
				any_no = true;
		}
	}
	cJSON_Delete(root);
	return any_no ? PF_LANDED_NO : any_yes ? PF_LANDED_YES :
	                                         PF_LANDED_UNKNOWN;
}
