/* check_picture.c - end-to-end tests of the profile picture in the editor:
 * the real profed binary in a pseudo-terminal (tests/tui.h) against the
 * in-process stub (tests/stub/stub.h). A local PNG named in the picture
 * field is checked at the submit, uploaded through the files flow after
 * the confirmation (POST /files, PUT with exactly the upload headers,
 * polls of GET /files/{id}) and sent in the same PATCH as the other
 * fields; failures keep every edit and send no PATCH; the panel shows the
 * pictures as character-cell art, or as text with --no-images.
 *
 * The PNGs are built here (stored deflate blocks, no zlib needed).
 *
 * Run one case:  CK_RUN_CASE=upload_then_patch ./tests/check_picture
 */
#include <check.h>
#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "clock.h"
#include "autoconf.h"
#include "e2e.h"
#include "stub.h"
#include "testutil.h"
#include "tui.h"

#define CASE_TIMEOUT 120
#define ROWS 35
#define COLS 120

/* What the editor says, in one place (ui/cmd.c, ui/preview.c). */
#define W_LOADED "Loaded"
#define W_CONFIRM "Submit these changes?"
#define W_SAVED "Saved at"
#define W_NOT_UPLOADED "Picture not uploaded"
#define W_NOTHING_SAVED "Nothing was saved"
#define W_CANCELLED "Upload cancelled"
#define W_PROCESSING "waiting for the server"
#define W_MODIFIED "[modified]"
#define W_ASK_UNSAVED "unsaved edits?"
#define W_HINT_FIRST "F1 Help"
/* block elements U+2580-U+259F all start with these bytes in UTF-8 */
#define BLOCK_PREFIX "\xe2\x96"

#define NEW_NAME "Ada K"
#define HOSTILE_DIR TEST_FIXTURES_DIR "/../hostile"

#ifdef HAVE_PREVIEWS
static const bool previews_built = true;
#else
static const bool previews_built = false;
#endif

static struct pic_e2e {
	char *png;         /* HOME/me.png */
	unsigned char *png_bytes;
	size_t png_len;
} P;

/* ---- a PNG, built by hand */

/* CRC-32 of PNG chunks (ISO 3309). */
static uint32_t crc32_of(const unsigned char *p, size_t n, uint32_t c)
{
	c = ~c;
	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
	}
	return ~c;
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* Append a chunk of type t with n bytes of data at out + *len. */
static void chunk(unsigned char *out, size_t *len, const char *t,
                  const unsigned char *data, size_t n)
{
	unsigned char *c = out + *len;

	put32(c, (uint32_t)n);
	memcpy(c + 4, t, 4);
	if (n)
		memcpy(c + 8, data, n);
	put32(c + 8 + n, crc32_of(c + 4, n + 4, 0));
	*len += 12 + n;
}

/* A side x side RGB PNG: a checkerboard of 8-pixel squares over a
 * gradient, so its art has edges in every cell. Caller frees. */
static unsigned char *make_png(int side, size_t *len)
{
	size_t row = 1 + (size_t)side * 3, raw_n = row * (size_t)side;
	unsigned char *raw = malloc(raw_n), *z = malloc(raw_n + 64);
	unsigned char *out = malloc(raw_n + 256), ihdr[13];
	uint32_t a = 1, b = 0;
	size_t zn = 0;

	ck_assert(raw && z && out && raw_n < 65535);
	for (int y = 0; y < side; y++) {
		unsigned char *r = raw + (size_t)y * row;
		r[0] = 0; /* filter: none */
		for (int x = 0; x < side; x++) {
			bool dark = ((x / 8) + (y / 8)) % 2;
			r[1 + x * 3] = (unsigned char)(dark ? 20 : 230);
			r[2 + x * 3] = (unsigned char)(y * 255 / side);
			r[3 + x * 3] = (unsigned char)(x * 255 / side);
		}
	}
	/* zlib: header, one stored block, Adler-32 */
	z[zn++] = 0x78;
	z[zn++] = 0x01;
	z[zn++] = 0x01;
	z[zn++] = (unsigned char)(raw_n & 0xff);
	z[zn++] = (unsigned char)(raw_n >> 8);
	z[zn++] = (unsigned char)(~raw_n & 0xff);
	z[zn++] = (unsigned char)((~raw_n >> 8) & 0xff);
	memcpy(z + zn, raw, raw_n);
	zn += raw_n;
	for (size_t i = 0; i < raw_n; i++) {
		a = (a + raw[i]) % 65521u;
		b = (b + a) % 65521u;
	}
	put32(z + zn, (b << 16) | a);
	zn += 4;
	memcpy(out, "\x89PNG\r\n\x1a\n", 8);
	*len = 8;
	put32(ihdr, (uint32_t)side);
	put32(ihdr + 4, (uint32_t)side);
	ihdr[8] = 8;  /* bit depth */
	ihdr[9] = 2;  /* RGB */
	ihdr[10] = ihdr[11] = ihdr[12] = 0;
	chunk(out, len, "IHDR", ihdr, sizeof ihdr);
	chunk(out, len, "IDAT", z, zn);
	chunk(out, len, "IEND", NULL, 0);
	free(raw);
	free(z);
	return out;
}

/* Write len bytes to HOME/name; returns the path (owned by the caller). */
static char *home_file(const char *name, const void *bytes, size_t len)
{
	char *path;

	ck_assert(asprintf(&path, "%s/%s", e2e.home, name) > 0);
	ck_assert_int_eq(tu_write_file(path, (const char *)bytes, len, 0644), 0);
	return path;
}

/* ---- the run */

/* Checked fixture: a stub, a HOME holding me.png, nothing started. */
static void setup(void)
{
	e2e_setup();
	memset(&P, 0, sizeof P);
	P.png_bytes = make_png(48, &P.png_len);
	P.png = home_file("me.png", P.png_bytes, P.png_len);
}

/* Checked fixture: stop everything. */
static void teardown(void)
{
	e2e_teardown();
	free(P.png);
	free(P.png_bytes);
	memset(&P, 0, sizeof P);
}

/* Start profed as ada with args (NULL-terminated, may be NULL) and extra
 * environment (NAME, VALUE pairs, NULL-terminated, may be NULL; they win
 * over the defaults), in the HOME directory's terms (the token only in
 * the environment). */
static void start_env(const char *const args[], const char *const extra[])
{
	for (size_t i = 0; extra && extra[i]; i += 2)
		e2e_env(extra[i], extra[i + 1]);
	e2e_start(STUB_TOKEN_ADA, args, ROWS, COLS);
	ck_assert(tui_wait_text(e2e.t, W_LOADED, TUI_WAIT_MS));
}

/* Start profed as ada with args in the default terminal. */
static void start(const char *const args[])
{
	start_env(args, NULL);
}

/* The name changed to NEW_NAME, then the picture field (Shift-Tab from
 * the name wraps to it) replaced by text. */
static void edit_name_and_picture(const char *text)
{
	e2e_keys(TUI_KEY_END TUI_CTRL_U NEW_NAME);
	e2e_see(NEW_NAME);
	e2e_keys(TUI_KEY_BTAB TUI_KEY_END TUI_CTRL_U);
	e2e_keys(text);
	e2e_sync_keys(W_HINT_FIRST);
}

/* Whether the screen shows any block element (the art). */
static bool art_on_screen(void)
{
	char *s = tui_screen(e2e.t);
	bool yes = s && strstr(s, BLOCK_PREFIX);

	free(s);
	return yes;
}

/* Wait until art is on the screen (a build without previews shows the
 * pictures as text: nothing to wait for). */
static void see_art(void)
{
	long long deadline = clock_now_ms() + TUI_WAIT_MS;

	if (!previews_built)
		return;
	while (!art_on_screen()) {
		if (clock_now_ms() >= deadline || tui_pump(e2e.t, 50) < 0)
			break;
	}
	if (!art_on_screen())
		tui_dump(e2e.t, "no picture art");
	ck_assert_msg(art_on_screen(), "no picture art on the screen");
}

/* Submit, see the confirmation naming the picture, send. */
static void submit_confirm(void)
{
	e2e_keys(TUI_CTRL_S);
	e2e_see(W_CONFIRM);
	e2e_see("me.png (");
	e2e_see("image/png)");
	e2e_keys("y");
}

/* The edits are still in the form: the name, the picture's text, the
 * [modified] mark. */
static void edits_kept(const char *picture_text)
{
	e2e_see(NEW_NAME);
	e2e_see(picture_text);
	e2e_see(W_MODIFIED);
}

/* Quit, discarding the unsent edits, and wait for the exit: the journal
 * is complete afterwards. */
static void quit_discard(void)
{
	e2e_keys(TUI_CTRL_Q);
	e2e_see(W_ASK_UNSAVED);
	e2e_keys("d");
	ck_assert_int_eq(tui_wait_exit(e2e.t, TUI_WAIT_MS), 0);
	ck_assert(!tui_raw_contains(e2e.t, STUB_TOKEN_ADA, strlen(STUB_TOKEN_ADA)));
}

/* Nothing of the files flow and no PATCH went out. */
static void assert_nothing_sent(void)
{
	ck_assert_uint_eq(e2e_count("POST", "/api/v1/files"), 0);
	ck_assert_uint_eq(e2e_count("PUT", "/"), 0);
	ck_assert_uint_eq(e2e_count("PATCH", "/"), 0);
}

/* ---- the tests */

/* The whole flow: path typed, confirmation with the file's description,
 * POST, PUT with exactly the upload headers and the bytes, polls until
 * ready, then one PATCH with the name and the file id; the panel shows
 * the new picture (downloaded without the token) as art. */
START_TEST(upload_then_patch)
{
	struct stub_upload mode = { STUB_UPLOAD_READY, 2 };
	size_t total, post = 0, put = 0, first_get = 0, last_get = 0, patch = 0;
	size_t gets = 0;
	char id[64] = "", *expected;

	stub_upload_mode(e2e.stub, &mode);
	start(NULL);
	edit_name_and_picture(P.png);
	e2e_see("new: me.png (");
	see_art(); /* the new picture, decoded locally */
	ck_assert_uint_eq(stub_journal_count(e2e.stub), 1); /* the load only */
	submit_confirm();
	e2e_see(W_SAVED);
	e2e_see("/_media/file_");
	see_art(); /* the new current picture, downloaded */
	if (previews_built)
		e2e_wait_count("GET", "/_media/", 1);

	total = stub_journal_count(e2e.stub);
	for (size_t i = 0; i < total; i++) {
		struct stub_request *r = stub_journal_get(e2e.stub, i);
		ck_assert_ptr_nonnull(r);
		if (!strcmp(r->method, "POST") && !strcmp(r->path, "/api/v1/files")) {
			ck_assert_uint_eq(post, 0);
			post = i + 1;
			ck_assert_str_eq(stub_request_header(r, "Authorization"),
			                 "Bearer " STUB_TOKEN_ADA);
		} else if (!strcmp(r->method, "PUT")) {
			ck_assert_uint_eq(put, 0);
			put = i + 1;
			ck_assert(!strncmp(r->path, "/_upload/file_", 14));
			snprintf(id, sizeof id, "%s", r->path + strlen("/_upload/"));
			/* exactly the upload headers, nothing of ours */
			for (size_t h = 0; h < r->n_headers; h++) {
				const char *n = r->headers[h].name;
				ck_assert_msg(!strcasecmp(n, "Host") ||
				              !strcasecmp(n, "Content-Length") ||
				              !strcasecmp(n, "Content-Type") ||
				              !strcasecmp(n, "x-amz-acl"),
				              "the PUT carried %s", n);
			}
			ck_assert_str_eq(stub_request_header(r, "Content-Type"), "image/png");
			ck_assert_str_eq(stub_request_header(r, "x-amz-acl"), "public-read");
			ck_assert_ptr_null(stub_request_header(r, "Authorization"));
			ck_assert_ptr_null(stub_request_header(r, "Api-Version-Date"));
			ck_assert_uint_eq(r->body_len, P.png_len);
			ck_assert(!memcmp(r->body, P.png_bytes, P.png_len));
		} else if (!strcmp(r->method, "GET") &&
		           !strncmp(r->path, "/api/v1/files/", 14)) {
			if (!first_get)
				first_get = i + 1;
			last_get = i + 1;
			gets++;
		} else if (!strcmp(r->method, "PATCH")) {
			ck_assert_uint_eq(patch, 0);
			patch = i + 1;
			ck_assert_str_eq(r->path, "/api/v1/users/me");
		} else if (!strcmp(r->method, "GET") &&
		           !strncmp(r->path, "/_media/", 8)) {
			/* the preview's download: never the token */
			ck_assert_ptr_null(stub_request_header(r, "Authorization"));
			ck_assert_uint_gt(patch, 0);
		}
		stub_request_free(r);
	}
	ck_assert_msg(post && put && first_get && patch, "post %zu put %zu get "
	              "%zu patch %zu", post, put, first_get, patch);
	ck_assert(post < put && put < first_get && last_get < patch);
	ck_assert_uint_ge(gets, 3); /* two pending answers, then ready */
	for (size_t i = 0; i < total; i++) {
		struct stub_request *r = stub_journal_get(e2e.stub, i);
		if (!strcmp(r->method, "GET") && !strncmp(r->path, "/api/v1/files/", 14))
			ck_assert_str_eq(r->path + strlen("/api/v1/files/"), id);
		if (!strcmp(r->method, "PATCH")) {
			cJSON *a = cJSON_Parse(r->body), *b;
			ck_assert(asprintf(&expected, "{\"name\":\"" NEW_NAME "\","
			                   "\"profile_picture\":{\"id\":\"%s\"}}", id) > 0);
			b = cJSON_Parse(expected);
			ck_assert_msg(a && b && cJSON_Compare(a, b, 1), "PATCH %s, "
			              "expected %s", r->body, expected);
			cJSON_Delete(a);
			cJSON_Delete(b);
			free(expected);
		}
		stub_request_free(r);
	}
	e2e_keys(TUI_CTRL_Q);
	ck_assert_int_eq(tui_wait_exit(e2e.t, TUI_WAIT_MS), 0);
}
END_TEST

/* A file that is not an image: the reason beside the field, no request,
 * every edit kept. */
START_TEST(not_an_image)
{
	char *path = home_file("notes.png", "hello, not a picture\n", 21);

	start(NULL);
	edit_name_and_picture(path);
	e2e_keys(TUI_CTRL_S);
	e2e_see("is not a PNG, JPEG, GIF or WebP image");
	ck_assert(!tui_has_text(e2e.t, W_CONFIRM));
	edits_kept("notes.png");
	quit_discard();
	assert_nothing_sent();
	free(path);
}
END_TEST

/* A path that does not exist. */
START_TEST(missing_file)
{
	char *path;

	ck_assert(asprintf(&path, "%s/gone.png", e2e.home) > 0);
	start(NULL);
	edit_name_and_picture(path);
	e2e_keys(TUI_CTRL_S);
	e2e_see("gone.png does not exist");
	ck_assert(!tui_has_text(e2e.t, W_CONFIRM));
	edits_kept("gone.png");
	quit_discard();
	assert_nothing_sent();
	free(path);
}
END_TEST

/* A picture over --max-picture-mb. */
START_TEST(too_large)
{
	const char *args[] = { "--max-picture-mb", "1", NULL };
	size_t n = 1536 * 1024;
	unsigned char *big = calloc(1, n);
	char *path;

	ck_assert_ptr_nonnull(big);
	memcpy(big, P.png_bytes, P.png_len);
	path = home_file("big.png", big, n);
	start(args);
	edit_name_and_picture(path);
	e2e_keys(TUI_CTRL_S);
	e2e_see("a picture may be at most 1 MiB");
	ck_assert(!tui_has_text(e2e.t, W_CONFIRM));
	edits_kept("big.png");
	quit_discard();
	assert_nothing_sent();
	free(path);
	free(big);
}
END_TEST

/* The storage host answers the PUT 403 (expired URL): said, no PATCH,
 * edits kept. */
START_TEST(upload_refused_403)
{
	struct stub_upload mode = { STUB_UPLOAD_EXPIRED, 0 };

	stub_upload_mode(e2e.stub, &mode);
	start(NULL);
	edit_name_and_picture(P.png);
	submit_confirm();
	e2e_see(W_NOT_UPLOADED);
	e2e_see("the upload URL expired");
	e2e_see(W_NOTHING_SAVED);
	e2e_keys(TUI_KEY_ESC);
	ck_assert(tui_wait_gone(e2e.t, W_NOT_UPLOADED, TUI_WAIT_MS));
	edits_kept("me.png");
	quit_discard();
	ck_assert_uint_eq(e2e_count("POST", "/api/v1/files"), 1);
	ck_assert_uint_eq(e2e_count("PUT", "/_upload/"), 1);
	ck_assert_uint_eq(e2e_count("PATCH", "/"), 0);
}
END_TEST

/* The file ends "failed" on the server. */
START_TEST(file_ends_failed)
{
	struct stub_upload mode = { STUB_UPLOAD_FAILED, 1 };

	stub_upload_mode(e2e.stub, &mode);
	start(NULL);
	edit_name_and_picture(P.png);
	submit_confirm();
	e2e_see(W_NOT_UPLOADED);
	e2e_see("could not process");
	e2e_keys(TUI_KEY_ESC);
	ck_assert(tui_wait_gone(e2e.t, W_NOT_UPLOADED, TUI_WAIT_MS));
	edits_kept("me.png");
	quit_discard();
	ck_assert_uint_ge(e2e_count("GET", "/api/v1/files/"), 2);
	ck_assert_uint_eq(e2e_count("PATCH", "/"), 0);
}
END_TEST

/* Esc while the server keeps the file pending: cancelled, nothing saved,
 * edits kept; a second submit uploads again. */
START_TEST(cancel_while_polling)
{
	struct stub_upload mode = { STUB_UPLOAD_PENDING, 0 };

	stub_upload_mode(e2e.stub, &mode);
	start(NULL);
	edit_name_and_picture(P.png);
	submit_confirm();
	e2e_see(W_PROCESSING);
	e2e_wait_count("GET", "/api/v1/files/", 1);
	e2e_keys(TUI_KEY_ESC);
	e2e_see(W_CANCELLED);
	edits_kept("me.png");
	quit_discard();
	ck_assert_uint_eq(e2e_count("PUT", "/_upload/"), 1);
	ck_assert_uint_eq(e2e_count("PATCH", "/"), 0);
}
END_TEST

/* Tab in the picture field completes a path: a common prefix lists the
 * matches, a unique one completes, "~/" stays as typed; Tab on a
 * complete name (or on text that is no path) moves to the next field. */
START_TEST(tab_completes_paths)
{
	char *path, *typed;

	free(home_file("mine.png", P.png_bytes, P.png_len));
	start(NULL);
	e2e_keys(TUI_KEY_BTAB TUI_KEY_END TUI_CTRL_U);
	ck_assert(asprintf(&typed, "%s/m", e2e.home) > 0);
	e2e_keys(typed);
	e2e_keys(TUI_KEY_TAB);
	e2e_see("2 matches:  me.png  mine.png");
	e2e_keys("i" TUI_KEY_TAB);
	ck_assert(asprintf(&path, "%s/mine.png", e2e.home) > 0);
	e2e_see(path);
	e2e_see("> Picture");
	e2e_keys(TUI_KEY_TAB); /* complete already: on to the name */
	e2e_see("> Name");
	e2e_keys(TUI_KEY_BTAB TUI_KEY_END TUI_CTRL_U "~/m" TUI_KEY_TAB "e" TUI_KEY_TAB);
	e2e_see("~/me.png");
	e2e_see("new: me.png (");
	e2e_keys(TUI_KEY_END TUI_CTRL_U "file_abc" TUI_KEY_TAB); /* no path: moves */
	e2e_see("> Name");
	quit_discard();
	ck_assert_uint_eq(stub_journal_count(e2e.stub), 1);
	free(path);
	free(typed);
}
END_TEST

/* --no-images: the pictures as text (the URL, the new file's line), no
 * art anywhere, the upload as usual. */
START_TEST(no_images_shows_text)
{
	const char *args[] = { "--no-images", NULL };

	start(args);
	e2e_see("https://media.example.invalid/ada");
	edit_name_and_picture(P.png);
	e2e_see("new: me.png (");
	ck_assert(!art_on_screen());
	submit_confirm();
	e2e_see(W_SAVED);
	e2e_see("/_media/file_");
	ck_assert(!art_on_screen());
	ck_assert_uint_eq(e2e_count("GET", "/_media/"), 0);
	e2e_keys(TUI_CTRL_Q);
	ck_assert_int_eq(tui_wait_exit(e2e.t, TUI_WAIT_MS), 0);
	ck_assert_uint_eq(e2e_count("PATCH", "/"), 1);
}
END_TEST

/* ---- sixel and kitty graphics (--images) */

#define W_SIXEL_NOTE "Sixel graphics not detected"
#define KITTY_APC "\x1b_Ga=T"
#define KITTY_DELETE "\x1b_Ga=d"
#define DA1_QUERY "\x1b[c"
#define KEY_F3_XTERM "\x1bOR"

/* Where needle first occurs in the raw output at or after from, or -1. */
static long raw_find(const char *needle, size_t from)
{
	size_t len, n = strlen(needle);
	const char *raw = tui_raw_output(e2e.t, &len);

	for (size_t i = from; raw && i + n <= len; i++)
		if (!memcmp(raw + i, needle, n))
			return (long)i;
	return -1;
}

/* Wait until needle is in the raw output at or after from; its offset. */
static long wait_raw(const char *needle, size_t from)
{
	long long deadline = clock_now_ms() + TUI_WAIT_MS;
	long at;

	while ((at = raw_find(needle, from)) < 0) {
		if (clock_now_ms() >= deadline || tui_pump(e2e.t, 50) < 0)
			break;
	}
	if (at < 0)
		tui_dump(e2e.t, "not in the output");
	ck_assert_msg(at >= 0, "the output has no %s after byte %zu",
	              needle + 1, from);
	return at;
}

/* The offset of a sixel (DCS: ESC P, numeric parameters, 'q') at or
 * after from, or -1. */
static long raw_sixel(size_t from)
{
	size_t len;
	const char *raw = tui_raw_output(e2e.t, &len);
	long at;

	while ((at = raw_find("\x1bP", from)) >= 0) {
		size_t i = (size_t)at + 2;
		while (i < len && ((raw[i] >= '0' && raw[i] <= '9') || raw[i] == ';'))
			i++;
		if (i < len && raw[i] == 'q')
			return at;
		from = (size_t)at + 1;
	}
	return -1;
}

/* The image at offset at is framed as the editor writes it: save the
 * cursor, CUP to (*row, *col) (0-based here), the image; the cursor is
 * restored after it. */
static void image_framing(long at, int *row, int *col)
{
	size_t len;
	const char *raw = tui_raw_output(e2e.t, &len);
	long i = at - 1;

	/* back over "ESC 7 ESC [ r ; c H" */
	ck_assert_int_gt(at, 8);
	ck_assert_int_eq(raw[i], 'H');
	while (i > 0 && raw[i - 1] != '\x1b')
		i--;
	ck_assert_msg(sscanf(raw + i, "[%d;%dH", row, col) == 2,
	              "no cursor move before the image");
	ck_assert_int_ge(i, 3);
	ck_assert(raw[i - 3] == '\x1b' && raw[i - 2] == '7');
	(*row)--;
	(*col)--;
	wait_raw("\x1b" "8", (size_t)at); /* the cursor restored */
}

/* The form is still drawn around the picture and the cursor is in the
 * picture field (left of the panel, on the row under its label), once
 * the frame being drawn is complete. */
static void form_intact(void)
{
	long long deadline = clock_now_ms() + TUI_WAIT_MS;
	int lr = -1, lc, cr = -1, cc = -1, pr, pc = 0;
	bool ok = false;

	e2e_see("Username");
	e2e_see("Bio");
	e2e_see("Account overview");
	while (!ok) {
		ok = tui_find(e2e.t, "> Picture", &lr, &lc) &&
		     tui_find(e2e.t, "Account overview", &pr, &pc);
		tui_cursor(e2e.t, &cr, &cc);
		ok = ok && cr == lr + 1 && cc < pc;
		if (ok || clock_now_ms() >= deadline || tui_pump(e2e.t, 50) < 0)
			break;
	}
	if (!ok)
		tui_dump(e2e.t, "the cursor is not in the picture field");
	ck_assert_msg(ok, "cursor %d,%d; picture label row %d, panel at column "
	              "%d", cr, cc, lr, pc);
}

/* Type the path of me.png in the picture field (from the name,
 * Shift-Tab wraps to it; already there when in_field). */
static void type_png_path_in(bool in_field)
{
	e2e_keys(in_field ? TUI_KEY_END TUI_CTRL_U : TUI_KEY_BTAB TUI_KEY_END TUI_CTRL_U);
	e2e_keys(P.png);
	e2e_sync_keys(W_HINT_FIRST);
}

static void type_png_path(void)
{
	type_png_path_in(false);
}

/* Give HOME a terminfo entry for xterm-kitty (the system's xterm-256color
 * under that name): ncurses needs one for TERM=xterm-kitty. */
static void kitty_terminfo(void)
{
	static const char *const dirs[] = { "/lib/terminfo", "/usr/share/terminfo",
	                                    "/usr/lib/terminfo", "/etc/terminfo" };
	char *src, *dir, *dst, *bytes = NULL;
	size_t n = 0;

	for (size_t i = 0; !bytes && i < sizeof dirs / sizeof dirs[0]; i++) {
		ck_assert(asprintf(&src, "%s/x/xterm-256color", dirs[i]) > 0);
		bytes = tu_read_file(src, &n);
		free(src);
	}
	ck_assert_msg(bytes != NULL, "no terminfo entry for xterm-256color");
	ck_assert(asprintf(&dir, "%s/.terminfo", e2e.home) > 0);
	ck_assert(mkdir(dir, 0700) == 0);
	free(dir);
	ck_assert(asprintf(&dir, "%s/.terminfo/x", e2e.home) > 0);
	ck_assert(mkdir(dir, 0700) == 0);
	ck_assert(asprintf(&dst, "%s/xterm-kitty", dir) > 0);
	ck_assert_int_eq(tu_write_file(dst, bytes, n, 0644), 0);
	free(dir);
	free(dst);
	free(bytes);
}

/* --images=kitty in kitty (TERM=xterm-kitty): the new picture goes out as
 * a kitty graphics APC, saved cursor, moved to where the art would be
 * (the column of its caption, above it), cursor restored; no block art,
 * the form intact, the cursor in the field. Reverting the field deletes
 * the image; so does quitting. */
START_TEST(kitty_graphics)
{
	const char *args[] = { "--images=kitty", NULL };
	const char *env[] = { "TERM", "xterm-kitty", NULL };
	int row, col, cap_row, cap_col;
	long at, del;
	size_t len;

	kitty_terminfo();
	start_env(args, env);
	type_png_path();
	e2e_see("new: me.png (");
	if (!previews_built) {
		ck_assert(!tui_raw_contains(e2e.t, "\x1b_G", 3));
		quit_discard();
		return;
	}
	at = wait_raw(KITTY_APC, 0);
	image_framing(at, &row, &col);
	ck_assert(tui_find(e2e.t, "new: me.png (", &cap_row, &cap_col));
	ck_assert_int_eq(col, cap_col);
	ck_assert_int_lt(row, cap_row);
	ck_assert_int_ge(row, cap_row - 8);
	ck_assert(!art_on_screen());
	ck_assert(!tui_has_text(e2e.t, W_SIXEL_NOTE));
	form_intact();
	/* F3 reverts the picture field: the image is deleted */
	tui_raw_output(e2e.t, &len);
	e2e_keys(KEY_F3_XTERM);
	e2e_see("Picture reverted");
	del = wait_raw(KITTY_DELETE, len);
	ck_assert_int_lt(raw_find(KITTY_APC, (size_t)del), 0);
	form_intact();
	/* the image again, then quit: deleted on the way out */
	type_png_path_in(true);
	at = wait_raw(KITTY_APC, (size_t)del);
	quit_discard();
	ck_assert_int_gt(raw_find(KITTY_DELETE, (size_t)at), at);
}
END_TEST

/* --images=sixel in a terminal that says it can (TERM_PROGRAM=WezTerm,
 * allow-listed, so it is not even asked): the picture goes out as a sixel
 * DCS (ESC P ... q) framed like the kitty image; libvterm ignores it, and
 * the screen keeps the form and no block art. */
START_TEST(sixel_graphics)
{
	const char *args[] = { "--images=sixel", NULL };
	const char *env[] = { "TERM_PROGRAM", "WezTerm", NULL };
	long long deadline;
	int row, col, cap_row, cap_col;
	long at = -1;

	start_env(args, env);
	ck_assert(!tui_raw_contains(e2e.t, DA1_QUERY, strlen(DA1_QUERY)));
	type_png_path();
	e2e_see("new: me.png (");
	if (!previews_built) {
		ck_assert_int_lt(raw_sixel(0), 0);
		quit_discard();
		return;
	}
	deadline = clock_now_ms() + TUI_WAIT_MS;
	while ((at = raw_sixel(0)) < 0 && clock_now_ms() < deadline &&
	       tui_pump(e2e.t, 50) >= 0)
		;
	ck_assert_msg(at >= 0, "no sixel in the output");
	image_framing(at, &row, &col);
	ck_assert(tui_find(e2e.t, "new: me.png (", &cap_row, &cap_col));
	ck_assert_int_eq(col, cap_col);
	ck_assert_int_lt(row, cap_row);
	ck_assert(!art_on_screen());
	ck_assert(!tui_has_text(e2e.t, W_SIXEL_NOTE));
	form_intact();
	quit_discard();
}
END_TEST

/* --images=sixel where the terminal does not show it: asked once (DA1),
 * libvterm's answer has no 4, so the pictures are character cells, the
 * status line says so once, and no sixel is written. */
START_TEST(sixel_falls_back)
{
	const char *args[] = { "--images=sixel", NULL };

	start(args);
	if (previews_built) {
		ck_assert(tui_raw_contains(e2e.t, DA1_QUERY, strlen(DA1_QUERY)));
		e2e_see(W_SIXEL_NOTE);
		e2e_see("pictures as character cells");
	}
	type_png_path();
	e2e_see("new: me.png (");
	see_art();
	ck_assert_int_lt(raw_sixel(0), 0);
	form_intact();
	/* once: a reload says only that it loaded */
	e2e_keys(KEY_F3_XTERM);
	e2e_see("Picture reverted");
	e2e_keys(TUI_CTRL_R);
	e2e_see("Loaded ada-lovelace.");
	ck_assert(!tui_has_text(e2e.t, W_SIXEL_NOTE));
	e2e_keys(TUI_CTRL_Q);
	ck_assert_int_eq(tui_wait_exit(e2e.t, TUI_WAIT_MS), 0);
	ck_assert_int_lt(raw_sixel(0), 0);
}
END_TEST

/* --images=none: the URL and the new file's line as text, no art, no
 * graphics, nothing downloaded. */
START_TEST(images_none_shows_text)
{
	const char *args[] = { "--images=none", NULL };
	const char *env[] = { "TERM_PROGRAM", "WezTerm", NULL };

	start_env(args, env);
	e2e_see("https://media.example.invalid/ada");
	type_png_path();
	e2e_see("new: me.png (");
	ck_assert(!art_on_screen());
	ck_assert(!tui_raw_contains(e2e.t, "\x1b_G", 3));
	ck_assert_int_lt(raw_sixel(0), 0);
	quit_discard();
	ck_assert_uint_eq(e2e_count("GET", "/_media/"), 0);
}
END_TEST

/* How often text is on the screen. */
static size_t screen_count(const char *text)
{
	char *s = tui_screen(e2e.t);
	size_t n = 0;

	for (const char *p = s; p && (p = strstr(p, text)); p += strlen(text))
		n++;
	free(s);
	return n;
}

/* The peak resident memory (VmHWM) of process pid in KiB, -1 unknown. */
static long peak_kib(pid_t pid)
{
	char path[64], *st, *p;
	long v = -1;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	st = tu_read_file(path, NULL);
	p = st ? strstr(st, "VmHWM:") : NULL;
	if (p)
		v = strtol(p + 6, NULL, 10);
	free(st);
	return v;
}

/* Every picture of the hostile corpus (tests/hostile: truncated, wrong
 * magic, a bad Huffman table, bombs) named in the picture field of the
 * real editor: each is described, previewed or refused with "no preview",
 * profed stays alive with the profile drawn, and its peak memory stays
 * under 64 MiB (the 4096x4096 bomb is decoded only in profed-decode). */
START_TEST(hostile_pictures)
{
	DIR *d = opendir(HOSTILE_DIR);
	struct dirent *e;
	size_t files = 0;
	long peak;

	ck_assert_ptr_nonnull(d);
	start(NULL);
	edit_name_and_picture(P.png);
	e2e_see("new: me.png (");
	see_art();
	while ((e = readdir(d))) {
		const char *dot = strrchr(e->d_name, '.');
		char src[4096], name[32], *bytes, *path;
		size_t n;
		long long deadline;

		if (e->d_name[0] == '.' || !dot || !strcmp(dot, ".c"))
			continue;
		snprintf(src, sizeof src, "%s/%s", HOSTILE_DIR, e->d_name);
		bytes = tu_read_file(src, &n);
		ck_assert_ptr_nonnull(bytes);
		/* a short name, so the note never splits it over two lines */
		snprintf(name, sizeof name, "h%02zu%s", files, dot);
		path = home_file(name, bytes, n);
		free(bytes);
		e2e_keys(TUI_KEY_END TUI_CTRL_U);
		e2e_keys(path);
		deadline = clock_now_ms() + TUI_WAIT_MS;
		/* shown twice: in the field and in the preview's note */
		while (screen_count(name) < 2 && clock_now_ms() < deadline)
			ck_assert_msg(tui_pump(e2e.t, 20) >= 0, "profed died at %s",
			              e->d_name);
		if (clock_now_ms() >= deadline)
			tui_dump(e2e.t, "nothing shown");
		ck_assert_msg(clock_now_ms() < deadline, "nothing shown for %s", e->d_name);
		free(path);
		files++;
	}
	closedir(d);
	ck_assert_uint_ge(files, 40);
	/* alive, and the profile is still there */
	e2e_see(NEW_NAME);
	e2e_see(W_MODIFIED);
	peak = peak_kib(tui_pid(e2e.t));
	fprintf(stderr, "hostile_pictures: profed's peak resident memory %ld KiB\n",
	        peak);
	ck_assert_int_gt(peak, 0);
	ck_assert_msg(peak < 64 * 1024, "profed peaked at %ld KiB", peak);
	quit_discard();
	assert_nothing_sent();
}
END_TEST

/* A 60 MiB local picture (a PNG followed by 60 MiB of padding, under
 * --max-picture-mb=100) is previewed, yet profed never holds it whole:
 * the bytes go to the decoder helper 64 KiB at a time and profed's peak
 * memory stays under 64 MiB. */
START_TEST(large_local_file_streamed)
{
	const char *args[] = { "--max-picture-mb=100", NULL };
	size_t pad = 60u * 1024u * 1024u, n = P.png_len + pad;
	char *big = calloc(1, n), *path;
	long peak;

	ck_assert_ptr_nonnull(big);
	memcpy(big, P.png_bytes, P.png_len);
	path = home_file("big.png", big, n);
	free(big);
	start(args);
	edit_name_and_picture(path);
	e2e_see("new: big.png (60");
	see_art();
	peak = peak_kib(tui_pid(e2e.t));
	fprintf(stderr, "large_local_file_streamed: profed's peak %ld KiB\n", peak);
	ck_assert_int_gt(peak, 0);
	ck_assert_msg(peak < 64 * 1024, "profed peaked at %ld KiB", peak);
	quit_discard();
	free(path);
}
END_TEST

static Suite *picture_suite(void)
{
	Suite *s = suite_create("picture");
	struct {
		const char *name;
		const TTest *test;
	} cases[] = {
		{ "upload_then_patch", upload_then_patch },
		{ "not_an_image", not_an_image },
		{ "missing_file", missing_file },
		{ "too_large", too_large },
		{ "upload_refused_403", upload_refused_403 },
		{ "file_ends_failed", file_ends_failed },
		{ "cancel_while_polling", cancel_while_polling },
		{ "tab_completes_paths", tab_completes_paths },
		{ "no_images_shows_text", no_images_shows_text },
		{ "kitty_graphics", kitty_graphics },
		{ "sixel_graphics", sixel_graphics },
		{ "sixel_falls_back", sixel_falls_back },
		{ "images_none_shows_text", images_none_shows_text },
		{ "hostile_pictures", hostile_pictures },
		{ "large_local_file_streamed", large_local_file_streamed },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		TCase *tc = tcase_create(cases[i].name);
		tcase_add_checked_fixture(tc, setup, teardown);
		tcase_set_timeout(tc, CASE_TIMEOUT);
		tcase_add_test(tc, cases[i].test);
		suite_add_tcase(s, tc);
	}
	return s;
}

int main(void)
{
	return tu_run_suite(picture_suite());
}
