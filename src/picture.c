/* picture.c - decoding and character-cell rendering of pictures, and
 * their download for the preview (see picture.h). */
#include "picture.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "autoconf.h"
#include "http.h"
#include "image.h"

#include "sandbox.h"

/* See picture.h. */
bool picture_previews_built(void)
{
#ifdef HAVE_PREVIEWS
	return true;
#else
	return false;
#endif
}

/* See picture.h: the versions configure found (the libraries are in
 * the helper, profed-decode, not in this binary). */
const char *picture_library_versions(char *buf, size_t len)
{
	if (!buf || !len)
		return "";
#ifdef PICTURE_LIBS
	snprintf(buf, len, "%s (in profed-decode)", PICTURE_LIBS);
#else
	buf[0] = '\0';
#endif
	return buf;
}

/* The end of a DECODE request (sent from memory or from fd): *out from
 * the helper's reply, checked. */
static int decode_request(const void *bytes, int fd, size_t n,
                          struct picture_rgba *out, struct pf_error *err)
{
	struct sandbox_request req = { .magic = SANDBOX_MAGIC,
	                               .op = SANDBOX_DECODE };
	struct sandbox_reply rep;
	void *px = NULL;
	size_t max_out = (size_t)PICTURE_KEEP_SIDE * PICTURE_KEEP_SIDE * 4u;
	int rc;

	if (!picture_previews_built())
		return pf_error_set(err, PF_ERR_USAGE, "this profed was built "
		                    "without picture previews");
	if (n > SANDBOX_MAX_INPUT)
		return pf_error_set(err, PF_ERR_PARSE, "the picture is too large "
		                    "to preview");
	req.arg[0] = PICTURE_MAX_SIDE;
	req.arg[1] = PICTURE_KEEP_SIDE;
	req.len = n;
	rc = bytes ? sandbox_call(&req, bytes, &rep, &px, max_out, err)
	           : sandbox_call_fd(&req, fd, &rep, &px, max_out, err);
	if (rc != 0)
		return -1;
	switch (rep.status) {
	case SANDBOX_OK:
		break;
	case SANDBOX_TOO_LARGE:
		free(px);
		return pf_error_set(err, PF_ERR_PARSE, "the picture is too large "
		                    "to preview (%dx%d pixels, at most %d a side)",
		                    (int)rep.val[0], (int)rep.val[1],
		                    PICTURE_MAX_SIDE);
	case SANDBOX_NOT_IMAGE:
		free(px);
		return pf_error_set(err, PF_ERR_PARSE, "not a PNG, JPEG, GIF or "
		                    "WebP picture");
	case SANDBOX_DAMAGED:
		free(px);
		return pf_error_set(err, PF_ERR_PARSE, "the picture is damaged");
	default:
		free(px);
		return pf_error_set(err, PF_ERR_PARSE, "the picture could not be "
		                    "decoded");
	}
	if (rep.val[0] < 1 || rep.val[1] < 1 || rep.val[0] > PICTURE_KEEP_SIDE ||
	    rep.val[1] > PICTURE_KEEP_SIDE || !px ||
	    rep.len != (uint64_t)rep.val[0] * (uint64_t)rep.val[1] * 4u) {
		free(px);
		return pf_error_set(err, PF_ERR_PARSE, "the picture could not be "
		                    "decoded");
	}
	out->px = px;
	out->width = rep.val[0];
	out->height = rep.val[1];
	return 0;
}

/* See picture.h. */
int picture_decode(const void *bytes, size_t n, struct picture_rgba *out,
                   struct pf_error *err)
{
	memset(out, 0, sizeof *out);
	if (!bytes || !image_sniff(bytes, n, NULL))
		return pf_error_set(err, PF_ERR_PARSE, "not a PNG, JPEG, GIF or "
		                    "WebP picture");
	return decode_request(bytes, -1, n, out, err);
}

/* See picture.h. */
int picture_decode_fd(int fd, size_t n, struct picture_rgba *out,
                      struct pf_error *err)
{
	memset(out, 0, sizeof *out);
	if (fd < 0 || n == 0)
		return pf_error_set(err, PF_ERR_PARSE, "not a PNG, JPEG, GIF or "
		                    "WebP picture");
	return decode_request(NULL, fd, n, out, err);
}

/* A request carrying p's pixels. */
static void pixels_request(struct sandbox_request *req, enum sandbox_op op,
                           const struct picture_rgba *p)
{
	memset(req, 0, sizeof *req);
	req->magic = SANDBOX_MAGIC;
	req->op = op;
	req->arg[0] = p->width;
	req->arg[1] = p->height;
	req->len = (uint64_t)p->width * (uint64_t)p->height * 4u;
}

/* Whether p can be sent to the helper. */
static bool pixels_ok(const struct picture_rgba *p)
{
	return p && p->px && p->width > 0 && p->height > 0 &&
	       p->width <= PICTURE_MAX_SIDE && p->height <= PICTURE_MAX_SIDE;
}

/* See picture.h. Cells come back from the helper and are checked: a
 * space or a block element, palette indexes -1 to 255. */
int picture_render(const struct picture_rgba *p, int max_cols, int max_rows,
                   enum picture_colors colors, struct picture_cells *out,
                   struct pf_error *err)
{
	struct sandbox_request req;
	struct sandbox_reply rep;
	struct sandbox_cell *in = NULL;
	size_t n;

	memset(out, 0, sizeof *out);
	if (!pixels_ok(p) || max_cols < 1 || max_rows < 1)
		return pf_error_set(err, PF_ERR_USAGE, "no room for the picture");
	if (!picture_previews_built())
		return pf_error_set(err, PF_ERR_USAGE, "this profed was built "
		                    "without picture previews");
	if (max_cols > 1000)
		max_cols = 1000;
	if (max_rows > 1000)
		max_rows = 1000;
	pixels_request(&req, SANDBOX_RENDER, p);
	req.arg[2] = max_cols;
	req.arg[3] = max_rows;
	req.arg[4] = (int32_t)colors;
	if (sandbox_call(&req, p->px, &rep, (void **)&in,
	                 (size_t)max_cols * (size_t)max_rows * sizeof *in,
	                 err) != 0)
		return -1;
	n = (size_t)(rep.val[0] > 0 ? rep.val[0] : 0) *
	    (size_t)(rep.val[1] > 0 ? rep.val[1] : 0);
	if (rep.status != SANDBOX_OK || n == 0 || rep.val[0] > max_cols ||
	    rep.val[1] > max_rows || rep.len != n * sizeof *in || !in)
		goto bad;
	out->cell = calloc(n, sizeof *out->cell);
	if (!out->cell) {
		free(in);
		return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		uint32_t ch = in[i].ch;
		if ((ch != ' ' && (ch < 0x2580 || ch > 0x259f)) || in[i].fg < -1 ||
		    in[i].fg > 255 || in[i].bg < -1 || in[i].bg > 255) {
			picture_cells_free(out);
			goto bad;
		}
		out->cell[i].ch = ch;
		out->cell[i].fg = colors == PICTURE_MONO ? -1 : in[i].fg;
		out->cell[i].bg = colors == PICTURE_MONO ? -1 : in[i].bg;
	}
	out->cols = rep.val[0];
	out->rows = rep.val[1];
	free(in);
	return 0;
bad:
	free(in);
	return pf_error_set(err, PF_ERR_PARSE, "the picture could not be "
	                    "rendered");
}

/* Whether s is set and equals one of the NULL-terminated names
 * (case-insensitive). */
static bool one_of(const char *s, const char *const *names)
{
	for (; s && *names; names++)
		if (strcasecmp(s, *names) == 0)
			return true;
	return false;
}

/* Whether s is set and starts with one of the NULL-terminated prefixes. */
static bool starts_one_of(const char *s, const char *const *prefixes)
{
	for (; s && *prefixes; prefixes++)
		if (strncmp(s, *prefixes, strlen(*prefixes)) == 0)
			return true;
	return false;
}

/* Whether the environment alone shows kitty graphics. */
static bool env_kitty(const struct picture_term *t)
{
	static const char *const terms[] = { "xterm-kitty", "xterm-ghostty",
	                                     NULL };
	static const char *const programs[] = { "WezTerm", "ghostty", NULL };

	if (t->tmux && *t->tmux)
		return false; /* tmux does not pass kitty graphics on */
	return one_of(t->term, terms) || one_of(t->term_program, programs) ||
	       (t->kitty_window_id && *t->kitty_window_id);
}

/* Whether the environment alone shows sixel graphics. */
static bool env_sixel(const struct picture_term *t)
{
	static const char *const programs[] = { "WezTerm", "mlterm",
	                                        "iTerm.app", NULL };
	static const char *const terms[] = { "foot", "mlterm", "contour",
	                                     "yaft", NULL };

	return one_of(t->term_program, programs) || starts_one_of(t->term, terms);
}

/* See picture.h. */
bool picture_mode_wants_da1(enum config_images asked,
                            const struct picture_term *t)
{
	return asked == CONFIG_IMAGES_SIXEL && t && !env_sixel(t);
}

/* See picture.h. */
enum config_images picture_mode_resolve(enum config_images asked,
                                        const struct picture_term *t,
                                        char *note, size_t note_len)
{
	static const struct picture_term none = { .da1_sixel = -1 };
	const char *term;

	if (note && note_len)
		note[0] = '\0';
	if (!t)
		t = &none;
	term = t->term && *t->term ? t->term : "unset";
	switch (asked) {
	case CONFIG_IMAGES_NONE:
	case CONFIG_IMAGES_SYMBOLS:
		return asked;
	case CONFIG_IMAGES_KITTY:
		if (env_kitty(t))
			return asked;
		if (note && note_len)
			snprintf(note, note_len, "Kitty graphics not available %s: "
			         "pictures as character cells.", t->tmux && *t->tmux
			         ? "inside tmux" : "in this terminal");
		return CONFIG_IMAGES_SYMBOLS;
	case CONFIG_IMAGES_SIXEL:
		if (env_sixel(t) || t->da1_sixel == 1)
			return asked;
		if (note && note_len)
			snprintf(note, note_len, "Sixel graphics not detected "
			         "(TERM=%.40s): pictures as character cells.", term);
		return CONFIG_IMAGES_SYMBOLS;
	}
	return CONFIG_IMAGES_SYMBOLS;
}

/* See picture.h. Looks for CSI ? (ESC [ ? or the 8-bit 0x9b ?), then
 * numbers separated by ';' up to the final 'c'. */
bool picture_da1_has_sixel(const char *answer, size_t n)
{
	for (size_t i = 0; answer && i < n; i++) {
		size_t j;
		long v = -1;

		if (answer[i] == '\x1b' && i + 2 < n && answer[i + 1] == '[' &&
		    answer[i + 2] == '?')
			j = i + 3;
		else if ((unsigned char)answer[i] == 0x9b && i + 1 < n &&
		         answer[i + 1] == '?')
			j = i + 2;
		else
			continue;
		for (; j < n; j++) {
			char c = answer[j];
			if (c >= '0' && c <= '9') {
				v = (v < 0 ? 0 : v) * 10 + (c - '0');
				if (v > 100000)
					break;
			} else if (c == ';' || c == 'c') {
				if (v == 4)
					return true;
				v = -1;
				if (c == 'c')
					break;
			} else {
				break;
			}
		}
	}
	return false;
}

/* The most bytes a sixel or kitty image may take. */
#define PICTURE_ENCODED_MAX (8u * 1024u * 1024u)

/* See picture.h. The bytes come from the helper; only their size and
 * their start and end (the DCS or APC and ST that frame them) are
 * checked, and nothing else in them may be an escape. */
int picture_encode(const struct picture_rgba *p, enum config_images mode,
                   int max_cols, int max_rows, int cell_w, int cell_h,
                   char **out, size_t *len, int *cols, int *rows,
                   struct pf_error *err)
{
	struct sandbox_request req;
	struct sandbox_reply rep;
	char *seq = NULL;
	bool framed;

	*out = NULL;
	*len = 0;
	*cols = *rows = 0;
	if (mode != CONFIG_IMAGES_SIXEL && mode != CONFIG_IMAGES_KITTY)
		return pf_error_set(err, PF_ERR_USAGE, "not a pixel graphics mode");
	if (!pixels_ok(p) || max_cols < 1 || max_rows < 1 || cell_w < 1 ||
	    cell_h < 1)
		return pf_error_set(err, PF_ERR_USAGE, "no room for the picture");
	if (!picture_previews_built())
		return pf_error_set(err, PF_ERR_USAGE, "this profed was built "
		                    "without picture previews");
	pixels_request(&req, SANDBOX_ENCODE, p);
	req.arg[2] = max_cols > 1000 ? 1000 : max_cols;
	req.arg[3] = max_rows > 1000 ? 1000 : max_rows;
	req.arg[4] = (int32_t)mode;
	req.arg[5] = cell_w > 100 ? 100 : cell_w;
	req.arg[6] = cell_h > 200 ? 200 : cell_h;
	if (sandbox_call(&req, p->px, &rep, (void **)&seq, PICTURE_ENCODED_MAX,
	                 err) != 0)
		return -1;
	framed = rep.status == SANDBOX_OK && seq && rep.len >= 4 &&
	         rep.val[0] >= 1 && rep.val[0] <= max_cols && rep.val[1] >= 1 &&
	         rep.val[1] <= max_rows && seq[0] == '\x1b' &&
	         (seq[1] == 'P' || seq[1] == '_') &&
	         seq[rep.len - 2] == '\x1b' && seq[rep.len - 1] == '\\';
	for (size_t i = 2; framed && i + 2 < rep.len; i++) {
		unsigned char c = (unsigned char)seq[i];
		/* kitty sends its picture in several APC chunks */
		if (c == 0x1b && mode == CONFIG_IMAGES_KITTY &&
		    ((seq[i + 1] == '\\' && i + 3 < rep.len && seq[i + 2] == '\x1b' &&
		      seq[i + 3] == '_') ||
		     (i >= 2 && seq[i - 1] == '\\' && seq[i - 2] == '\x1b' &&
		      seq[i + 1] == '_')))
			continue;
		if (c == 0x1b || c == 0x07 || (c >= 0x80 && c <= 0x9f))
			framed = false;
	}
	if (!framed) {
		free(seq);
		return pf_error_set(err, PF_ERR_PARSE, "the picture could not be "
		                    "encoded");
	}
	*out = seq;
	*len = (size_t)rep.len;
	*cols = rep.val[0];
	*rows = rep.val[1];
	return 0;
}

/* Whether host (len bytes) is under the reserved .invalid domain. */
static bool host_invalid(const char *host, size_t len)
{
	static const char tld[] = "invalid";
	size_t t = sizeof tld - 1;

	while (len > 0 && host[len - 1] == '.')
		len--; /* "media.example.invalid." */
	if (len < t || strncasecmp(host + len - t, tld, t) != 0)
		return false;
	return len == t || host[len - t - 1] == '.';
}

/* See picture.h. */
bool picture_url_ok(const char *url, char *why, size_t why_len)
{
	const char *host, *end;
	size_t n;

	if (!url || !*url) {
		snprintf(why, why_len, "no picture");
		return false;
	}
	if (strncasecmp(url, "https://", 8) == 0)
		host = url + 8;
	else if (strncasecmp(url, "http://", 7) == 0)
		host = url + 7;
	else {
		snprintf(why, why_len, "not an http or https address");
		return false;
	}
	for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
		if (*p <= 0x20 || *p == 0x7f) {
			snprintf(why, why_len, "the address holds blanks or "
			         "control characters");
			return false;
		}
	}
	n = strcspn(host, "/?#");
	end = memchr(host, '@', n);
	if (end) {
		snprintf(why, why_len, "the address holds a user name");
		return false;
	}
	/* the host without its port ([v6] literals keep their brackets) */
	end = host[0] == '[' ? memchr(host, ']', n) : memchr(host, ':', n);
	if (host[0] == '[' && end)
		end++;
	if (!end)
		end = host + n;
	if (end == host) {
		snprintf(why, why_len, "the address has no host");
		return false;
	}
	if (host_invalid(host, (size_t)(end - host))) {
		snprintf(why, why_len, "the host cannot exist (.invalid)");
		return false;
	}
	return true;
}

/* What a fetch needs back from the http client. */
struct fetch_ctx {
	picture_fetch_fn done;
	void *ud;
};

/* The http answer: 200 with a body under the cap, else an error. */
static void fetch_done(void *ud, const struct http_response *res,
                       const struct pf_error *terr)
{
	struct fetch_ctx *f = ud;
	struct pf_error err;

	pf_error_clear(&err);
	if (!res) {
		f->done(f->ud, NULL, 0, terr);
	} else if (res->status != 200) {
		pf_error_set(&err, PF_ERR_HTTP, "the picture's host answered %ld",
		             res->status);
		err.status = res->status;
		f->done(f->ud, NULL, 0, &err);
	} else if (res->body_len > PICTURE_FETCH_MAX_BYTES) {
		pf_error_set(&err, PF_ERR_TOO_LARGE, "the picture is larger than "
		             "%u MiB", PICTURE_FETCH_MAX_BYTES / (1024u * 1024u));
		f->done(f->ud, NULL, 0, &err);
	} else {
		f->done(f->ud, res->body, res->body_len, &err);
	}
	free(f);
}

/* See picture.h. */
long picture_fetch_start(struct http_client *c, const char *url,
                         picture_fetch_fn done, void *ud, struct pf_error *err)
{
	static const char *const headers[] = {
		"Accept: image/png, image/jpeg, image/gif, image/webp", NULL
	};
	struct http_request req = { .method = "GET", .url = url,
	                            .headers = headers, .with_auth = false,
	                            .timeout_ms = PICTURE_FETCH_TIMEOUT_MS,
	                            .public_only = true };
	struct fetch_ctx *f;
	char why[128];
	long id;

	if (!picture_url_ok(url, why, sizeof why))
		return pf_error_set(err, PF_ERR_USAGE, "%s", why);
	if (strncasecmp(url, "https://", 8) != 0 && !http_api_loopback(c))
		return pf_error_set(err, PF_ERR_USAGE, "the picture's address is "
		                    "not https");
	f = malloc(sizeof *f);
	if (!f)
		return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
	f->done = done;
	f->ud = ud;
	id = http_start(c, &req, fetch_done, f, err);
	if (id < 0)
		free(f);
	return id;
}
