/* image.h - checking a local picture before anything is sent.
 *
 * A picture is accepted when the path names an existing, readable, regular,
 * non-empty file no larger than the limit (the max-picture-mb setting,
 * default 10 MiB) whose first bytes are those of a PNG, JPEG, GIF or WebP
 * image. The file's name and extension do not matter for the check: the
 * bytes decide the type. Each failure is a PF_ERR_VALIDATION with its own
 * message naming the path (docs/pictures.md lists them).
 *
 * No curses, no network: the UI calls image_check when the person submits
 * (not per keystroke), `profed set --picture` before any request, and
 * files.c reads the bytes it uploads with image_read, which checks again.
 */
#ifndef PROFED_IMAGE_H
#define PROFED_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

#define IMAGE_MAX_BYTES_DEFAULT (10u * 1024u * 1024u)

struct image_info {
	const char *content_type; /* static: "image/png", "image/jpeg", ... */
	const char *format;       /* static: "PNG", "JPEG", "GIF", "WebP" */
	size_t size;              /* bytes */
	/* The name POST /files is given: the path's last component, with
	 * bytes that are not printable UTF-8 replaced by '_', cut to at most
	 * 255 bytes, and ending in the extension of the real type (".png",
	 * ".jpg", ".gif", ".webp"; added or replacing a wrong one), because
	 * the server derives the upload's Content-Type from it. */
	char filename[256];
};

/* The type of an image from its first n bytes: the content type ("image/
 * png") and, when format is not NULL, its short name ("PNG"); NULL when
 * the bytes are none of PNG (89 50 4E 47 0D 0A 1A 0A), JPEG (FF D8 FF),
 * GIF ("GIF87a"/"GIF89a") or WebP ("RIFF" size "WEBP"). */
const char *image_sniff(const void *bytes, size_t n, const char **format);

/* Check the file at path (see above) and fill *out. max_bytes 0 means
 * IMAGE_MAX_BYTES_DEFAULT. Returns 0, or -1 with err (PF_ERR_VALIDATION,
 * err->field "profile_picture"; PF_ERR_NOMEM) and *out zeroed. The file is
 * opened without blocking (a FIFO never hangs it) and only its first bytes
 * are read. */
int image_check(const char *path, size_t max_bytes, struct image_info *out,
                struct pf_error *err);

/* image_check, then read the whole file into *data (caller frees); *out
 * describes exactly those bytes, sniffed again after reading, and a file
 * whose size changes while it is read is refused. Returns 0, or -1 with
 * err and *data NULL. */
int image_read(const char *path, size_t max_bytes, struct image_info *out,
               char **data, struct pf_error *err);

/* "me.png (20 KiB, image/png)" for the old -> new line of a confirmation.
 * The name is info->filename (already printable). Always NUL-terminates
 * buf (n > 0); returns buf. */
const char *image_describe(const struct image_info *info, char *buf, size_t n);

/* A size for people: "512 bytes", "1.5 KiB", "20 KiB", "10 MiB" (binary
 * units, one decimal below 10, no floats). Returns buf. */
const char *image_size_text(size_t bytes, char *buf, size_t n);

#endif
