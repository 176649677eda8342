/* image.c - checking a local picture before anything is sent; see image.h.
 *
 * The checks run in the order a person would fix them: the path exists, is
 * a regular file, can be opened, is not empty, is not too large, and starts
 * like an image. The file is opened once, without blocking, and re-examined
 * through its descriptor, so swapping it for a FIFO or a directory between
 * the stat and the open is caught too.
 */
#include "image.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text.h"

#define IMAGE_SNIFF_BYTES 12
#define IMAGE_NAME_MAX 255
#define IMAGE_PATH_SHOWN 200 /* bytes of a path quoted in a message */

struct image_type {
	const char *content_type;
	const char *format;
	const char *ext;       /* the extension given to a name without one */
	const char *other_ext; /* a second accepted spelling, or NULL */
};

static const struct image_type image_types[] = {
	{ "image/png", "PNG", ".png", NULL },
	{ "image/jpeg", "JPEG", ".jpg", ".jpeg" },
	{ "image/gif", "GIF", ".gif", NULL },
	{ "image/webp", "WebP", ".webp", NULL },
};
#define IMAGE_N_TYPES (sizeof(image_types) / sizeof(image_types[0]))

/* The row for a content type; NULL when it is none of ours. */
static const struct image_type *image_type_of(const char *content_type)
{
	for (size_t i = 0; content_type && i < IMAGE_N_TYPES; i++)
		if (!strcmp(image_types[i].content_type, content_type))
			return &image_types[i];
	return NULL;
}

/* The type from the first bytes; see image.h. */
const char *image_sniff(const void *bytes, size_t n, const char **format)
{
	const unsigned char *b = bytes;
	const struct image_type *t = NULL;
	if (!b)
		n = 0;
	if (n >= 8 && !memcmp(b, "\x89PNG\r\n\x1a\n", 8))
		t = &image_types[0];
	else if (n >= 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff)
		t = &image_types[1];
	else if (n >= 6 && (!memcmp(b, "GIF87a", 6) || !memcmp(b, "GIF89a", 6)))
		t = &image_types[2];
	else if (n >= 12 && !memcmp(b, "RIFF", 4) && !memcmp(b + 8, "WEBP", 4))
		t = &image_types[3];
	if (format)
		*format = t ? t->format : NULL;
	return t ? t->content_type : NULL;
}

/* A size for people; see image.h. Tenths are computed in integers. */
const char *image_size_text(size_t bytes, char *buf, size_t n)
{
	static const char *const units[] = { "KiB", "MiB", "GiB" };
	if (!buf || !n)
		return buf;
	if (bytes < 1024) {
		snprintf(buf, n, "%zu byte%s", bytes, bytes == 1 ? "" : "s");
		return buf;
	}
	size_t u = 0;
	uint64_t div = 1024;
	while (u + 1 < sizeof(units) / sizeof(units[0]) &&
	       bytes >= div * 1024)
		div *= 1024, u++;
	uint64_t tenths = ((uint64_t)bytes * 10 + div / 2) / div;
	if (tenths < 100 && tenths % 10)
		snprintf(buf, n, "%llu.%llu %s", (unsigned long long)(tenths / 10),
		         (unsigned long long)(tenths % 10), units[u]);
	else
		snprintf(buf, n, "%llu %s", (unsigned long long)((tenths + 5) / 10),
		         units[u]);
	return buf;
}

/* "me.png (20 KiB, image/png)"; see image.h. */
const char *image_describe(const struct image_info *info, char *buf, size_t n)
{
	char size[32];
	if (!buf || !n)
		return buf;
	if (!info || !info->content_type) {
		snprintf(buf, n, "(no picture)");
		return buf;
	}
	snprintf(buf, n, "%s (%s, %s)", info->filename,
	         image_size_text(info->size, size, sizeof(size)),
	         info->content_type);
	return buf;
}

/* Fill out->filename from path for content type t; see image.h. */
static void image_name(const char *path, const struct image_type *t,
                       char *out, size_t n)
{
	size_t len = strlen(path);
	while (len > 1 && path[len - 1] == '/')
		len--;
	size_t start = len;
	while (start && path[start - 1] != '/')
		start--;
	/* printable UTF-8 only: controls, C1, bidi controls, bad bytes -> '_' */
	char name[IMAGE_NAME_MAX * 2 + 1];
	size_t o = 0;
	for (size_t i = start; i < len && o + 4 < sizeof(name);) {
		uint32_t cp;
		size_t used = text_utf8_decode(path + i, len - i, &cp);
		bool bad = cp < 0x20 || cp == 0x7f || cp == 0xfffd ||
		           (cp >= 0x80 && cp <= 0x9f) ||
		           (cp >= 0x202a && cp <= 0x202e) ||
		           (cp >= 0x2066 && cp <= 0x2069) || cp == '/';
		if (bad) {
			name[o++] = '_';
		} else {
			memcpy(name + o, path + i, used);
			o += used;
		}
		i += used;
	}
	name[o] = '\0';

	/* keep the extension when it is the right one, replace another
	 * image type's, append ours to anything else */
	char *dot = strrchr(name, '.');
	if (dot == name)
		dot = NULL;
	bool right = dot && (!strcasecmp(dot, t->ext) ||
	                     (t->other_ext && !strcasecmp(dot, t->other_ext)));
	bool wrong_image = false;
	for (size_t i = 0; dot && !right && i < IMAGE_N_TYPES; i++)
		if (!strcasecmp(dot, image_types[i].ext) ||
		    (image_types[i].other_ext &&
		     !strcasecmp(dot, image_types[i].other_ext)))
			wrong_image = true;
	char ext[16] = "";
	if (right) {
		snprintf(ext, sizeof(ext), "%s", dot);
		*dot = '\0';
	} else {
		if (wrong_image)
			*dot = '\0';
		snprintf(ext, sizeof(ext), "%s", t->ext);
	}
	if (!name[0])
		snprintf(name, sizeof(name), "picture");
	size_t stem = strlen(name), room = IMAGE_NAME_MAX - strlen(ext);
	if (stem > room) {
		stem = room;
		while (stem && ((unsigned char)name[stem] & 0xc0) == 0x80)
			stem--;
	}
	snprintf(out, n, "%.*s%s", (int)stem, name, ext);
}

/* Fail with a validation message about the picture. */
__attribute__((format(printf, 2, 3)))
static int image_fail(struct pf_error *err, const char *fmt, ...)
{
	char msg[sizeof(err->message)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pf_error_set(err, PF_ERR_VALIDATION, "%s", msg);
	if (err) {
		err->keep_case = fmt[0] == '%'; /* the path as typed comes first */
		snprintf(err->field, sizeof(err->field), "profile_picture");
	}
	return -1;
}

/* Read up to n bytes at the start of fd (short reads retried). Returns the
 * count or -1 with errno. */
static ssize_t image_read_fd(int fd, void *buf, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, (char *)buf + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/* The checks up to the size; returns an open descriptor (caller closes)
 * and the size in *size, or -1 with err. */
static int image_open(const char *path, size_t max_bytes, size_t *size,
                      struct pf_error *err)
{
	int p = IMAGE_PATH_SHOWN;
	struct stat st;
	if (!path || !*path)
		return image_fail(err, "No picture file was given");
	if (stat(path, &st) < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return image_fail(err, "%.*s does not exist", p, path);
		return image_fail(err, "%.*s cannot be opened: %s", p, path,
		                  strerror(errno));
	}
	if (S_ISDIR(st.st_mode))
		return image_fail(err, "%.*s is a directory, not an image file",
		                  p, path);
	if (!S_ISREG(st.st_mode))
		return image_fail(err, "%.*s is not a regular file", p, path);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		if (errno == EACCES || errno == EPERM)
			return image_fail(err, "%.*s is not readable (permission "
			                  "denied)", p, path);
		return image_fail(err, "%.*s cannot be opened: %s", p, path,
		                  strerror(errno));
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return image_fail(err, "%.*s is not a regular file", p, path);
	}
	if (st.st_size == 0) {
		close(fd);
		return image_fail(err, "%.*s is empty", p, path);
	}
	if ((uintmax_t)st.st_size > max_bytes) {
		char have[32], limit[32];
		close(fd);
		image_size_text((size_t)st.st_size, have, sizeof(have));
		image_size_text(max_bytes, limit, sizeof(limit));
		if (!strcmp(have, limit)) { /* "2 KiB; at most 2 KiB" says nothing */
			snprintf(have, sizeof(have), "%jd bytes", (intmax_t)st.st_size);
			snprintf(limit, sizeof(limit), "%zu bytes", max_bytes);
		}
		return image_fail(err, "%.*s is %s; a picture may be at most %s "
		                  "(setting max-picture-mb)", p, path, have, limit);
	}
	*size = (size_t)st.st_size;
	return fd;
}

/* Fill out for path from its first n bytes, or fail when they are no
 * image. */
static int image_identify(const char *path, const void *head, size_t n,
                          size_t size, struct image_info *out,
                          struct pf_error *err)
{
	const char *format;
	const char *ct = image_sniff(head, n, &format);
	if (!ct)
		return image_fail(err, "%.*s is not a PNG, JPEG, GIF or WebP image",
		                  IMAGE_PATH_SHOWN, path);
	out->content_type = ct;
	out->format = format;
	out->size = size;
	image_name(path, image_type_of(ct), out->filename, sizeof(out->filename));
	return 0;
}

/* Check a picture file; see image.h. */
int image_check(const char *path, size_t max_bytes, struct image_info *out,
                struct pf_error *err)
{
	struct image_info local;
	if (!out)
		out = &local;
	memset(out, 0, sizeof(*out));
	if (!max_bytes)
		max_bytes = IMAGE_MAX_BYTES_DEFAULT;
	size_t size = 0;
	int fd = image_open(path, max_bytes, &size, err);
	if (fd < 0)
		return -1;
	unsigned char head[IMAGE_SNIFF_BYTES];
	ssize_t n = image_read_fd(fd, head, sizeof(head));
	int e = errno;
	close(fd);
	if (n < 0)
		return image_fail(err, "%.*s cannot be read: %s", IMAGE_PATH_SHOWN,
		                  path, strerror(e));
	if (image_identify(path, head, (size_t)n, size, out, err) < 0) {
		memset(out, 0, sizeof(*out));
		return -1;
	}
	pf_error_clear(err);
	return 0;
}

/* Check and read a whole picture; see image.h. */
int image_read(const char *path, size_t max_bytes, struct image_info *out,
               char **data, struct pf_error *err)
{
	struct image_info local;
	if (!out)
		out = &local;
	memset(out, 0, sizeof(*out));
	if (!data)
		return pf_error_set(err, PF_ERR_USAGE, "nowhere to read the picture to");
	*data = NULL;
	if (!max_bytes)
		max_bytes = IMAGE_MAX_BYTES_DEFAULT;
	size_t size = 0;
	int fd = image_open(path, max_bytes, &size, err);
	if (fd < 0)
		return -1;
	/* one byte more than its size tells a file that grew meanwhile */
	char *buf = malloc(size + 1);
	if (!buf) {
		close(fd);
		return pf_error_set(err, PF_ERR_NOMEM,
		                    "out of memory reading the picture");
	}
	ssize_t n = image_read_fd(fd, buf, size + 1);
	int e = errno;
	close(fd);
	int rc;
	if (n < 0)
		rc = image_fail(err, "%.*s cannot be read: %s", IMAGE_PATH_SHOWN,
		                path, strerror(e));
	else if ((size_t)n != size)
		rc = image_fail(err, "%.*s changed while it was read; try again",
		                IMAGE_PATH_SHOWN, path);
	else
		rc = image_identify(path, buf, size, size, out, err);
	if (rc < 0) {
		free(buf);
		memset(out, 0, sizeof(*out));
		return -1;
	}
	*data = buf;
	pf_error_clear(err);
	return 0;
}
