/* decode.c - the image decoders of profed-decode (see decode.h). */
#include "decode.h"

#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gif_lib.h>
#include <jpeglib.h>
#include <png.h>
#include <webp/decode.h>

#include "image.h"

/* libjpeg may use at most this much for its own buffers (progressive
 * pictures keep every coefficient). */
#define DECODE_JPEG_MAX_MEMORY (160L * 1024L * 1024L)

static int size_ok(long w, long h, int max_side)
{
	return w > 0 && h > 0 && w <= max_side && h <= max_side;
}

/* A zeroed w x h RGBA picture in out. -1 out of memory. */
static int alloc_rgba(struct picture_rgba *out, int w, int h)
{
	out->px = calloc((size_t)w * (size_t)h, 4u);
	if (!out->px)
		return -1;
	out->width = w;
	out->height = h;
	return 0;
}

/* ---- PNG (libpng's simplified API: it checks CRCs, chunk order and
 * lengths, and decodes every colour type and depth into RGBA) */
static enum decode_status decode_png(const void *bytes, size_t n, int max_side,
                                     struct picture_rgba *out, int *w, int *h)
{
	png_image img;

	memset(&img, 0, sizeof img);
	img.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&img, bytes, n))
		return DECODE_DAMAGED;
	*w = (int)(img.width > 1000000 ? 1000000 : img.width);
	*h = (int)(img.height > 1000000 ? 1000000 : img.height);
	if (!size_ok(img.width, img.height, max_side)) {
		png_image_free(&img);
		return DECODE_TOO_LARGE;
	}
	img.format = PNG_FORMAT_RGBA;
	if (alloc_rgba(out, (int)img.width, (int)img.height) != 0) {
		png_image_free(&img);
		return DECODE_NOMEM;
	}
	if (!png_image_finish_read(&img, NULL, out->px, 0, NULL)) {
		png_image_free(&img);
		picture_rgba_free(out);
		return DECODE_DAMAGED;
	}
	png_image_free(&img);
	return DECODE_OK;
}

/* ---- JPEG (libjpeg-turbo) */
struct jpeg_fail {
	struct jpeg_error_mgr mgr;
	jmp_buf jump;
	unsigned warnings;
};

static void jpeg_fail_exit(j_common_ptr c)
{
	struct jpeg_fail *f = (struct jpeg_fail *)c->err;

	longjmp(f->jump, 1);
}

/* Warnings (corrupt data) are counted, never printed; thousands of them
 * is a hostile picture, not a damaged one. */
static void jpeg_fail_message(j_common_ptr c, int level)
{
	struct jpeg_fail *f = (struct jpeg_fail *)c->err;

	if (level < 0 && ++f->warnings > 1000)
		longjmp(f->jump, 1);
}

static void jpeg_quiet(j_common_ptr c)
{
	(void)c;
}

static enum decode_status decode_jpeg(const void *bytes, size_t n,
                                      int max_side, int keep_side,
                                      struct picture_rgba *out, int *w, int *h)
{
	struct jpeg_decompress_struct cinfo;
	struct jpeg_fail fail;
	unsigned char *volatile row = NULL;
	volatile enum decode_status st = DECODE_DAMAGED;
	bool cmyk;

	memset(&cinfo, 0, sizeof cinfo);
	memset(&fail, 0, sizeof fail);
	cinfo.err = jpeg_std_error(&fail.mgr);
	fail.mgr.error_exit = jpeg_fail_exit;
	fail.mgr.emit_message = jpeg_fail_message;
	fail.mgr.output_message = jpeg_quiet;
	if (setjmp(fail.jump)) {
		free(row);
		picture_rgba_free(out);
		jpeg_destroy_decompress(&cinfo);
		return st;
	}
	jpeg_create_decompress(&cinfo);
	cinfo.mem->max_memory_to_use = DECODE_JPEG_MAX_MEMORY;
	jpeg_mem_src(&cinfo, bytes, (unsigned long)n);
	if (jpeg_read_header(&cinfo, TRUE) != JPEG_HEADER_OK)
		longjmp(fail.jump, 1);
	*w = (int)(cinfo.image_width > 1000000 ? 1000000 : cinfo.image_width);
	*h = (int)(cinfo.image_height > 1000000 ? 1000000 : cinfo.image_height);
	if (!size_ok(cinfo.image_width, cinfo.image_height, max_side)) {
		st = DECODE_TOO_LARGE;
		longjmp(fail.jump, 1);
	}
	/* decode at the smallest scale still at least keep_side a side */
	cinfo.scale_num = 1;
	cinfo.scale_denom = 1;
	for (unsigned d = 8; d > 1; d /= 2) {
		unsigned big = cinfo.image_width > cinfo.image_height
		               ? cinfo.image_width : cinfo.image_height;
		if (big / d >= (unsigned)keep_side) {
			cinfo.scale_denom = d;
			break;
		}
	}
	cmyk = cinfo.jpeg_color_space == JCS_CMYK ||
	       cinfo.jpeg_color_space == JCS_YCCK;
	cinfo.out_color_space = cmyk ? JCS_CMYK : JCS_EXT_RGBA;
	if (!jpeg_start_decompress(&cinfo))
		longjmp(fail.jump, 1);
	if (cinfo.output_components != 4 ||
	    !size_ok(cinfo.output_width, cinfo.output_height, max_side))
		longjmp(fail.jump, 1);
	st = DECODE_NOMEM;
	if (alloc_rgba(out, (int)cinfo.output_width,
	               (int)cinfo.output_height) != 0)
		longjmp(fail.jump, 1);
	st = DECODE_DAMAGED;
	while (cinfo.output_scanline < cinfo.output_height) {
		unsigned char *dst = out->px + (size_t)cinfo.output_scanline *
		                     (size_t)out->width * 4u;
		JSAMPROW rows[1] = { dst };
		if (jpeg_read_scanlines(&cinfo, rows, 1) != 1)
			longjmp(fail.jump, 1);
		if (cmyk) {
			/* Adobe's inverted CMYK: k * c / 255 etc. */
			for (int x = 0; x < out->width; x++) {
				unsigned char *p = dst + x * 4;
				unsigned k = p[3];
				p[0] = (unsigned char)(p[0] * k / 255u);
				p[1] = (unsigned char)(p[1] * k / 255u);
				p[2] = (unsigned char)(p[2] * k / 255u);
				p[3] = 255;
			}
		}
	}
	jpeg_finish_decompress(&cinfo);
	jpeg_destroy_decompress(&cinfo);
	return DECODE_OK;
}

/* ---- GIF (giflib; the first frame, on a transparent canvas) */
struct gif_src {
	const unsigned char *p;
	size_t n, off;
};

static int gif_read(GifFileType *g, GifByteType *buf, int len)
{
	struct gif_src *s = g->UserData;
	size_t k = len > 0 ? (size_t)len : 0;

	if (k > s->n - s->off)
		k = s->n - s->off;
	memcpy(buf, s->p + s->off, k);
	s->off += k;
	return (int)k;
}

/* Read the first frame's pixels into out (the screen). */
static enum decode_status gif_frame(GifFileType *g, int transparent,
                                    struct picture_rgba *out)
{
	static const int start[4] = { 0, 4, 2, 1 }, step[4] = { 8, 8, 4, 2 };
	const GifImageDesc *d = &g->Image;
	const ColorMapObject *map = d->ColorMap ? d->ColorMap : g->SColorMap;
	GifPixelType *line;
	int passes = d->Interlace ? 4 : 1;

	if (!map || !map->Colors || map->ColorCount < 1 || d->Width < 1 ||
	    d->Height < 1 || d->Width > 65535 || d->Height > 65535)
		return DECODE_DAMAGED;
	line = malloc((size_t)d->Width);
	if (!line)
		return DECODE_NOMEM;
	for (int pass = 0; pass < passes; pass++) {
		int y0 = d->Interlace ? start[pass] : 0;
		int dy = d->Interlace ? step[pass] : 1;
		for (int y = y0; y < d->Height; y += dy) {
			int sy = d->Top + y;
			if (DGifGetLine(g, line, d->Width) != GIF_OK) {
				free(line);
				return DECODE_DAMAGED;
			}
			if (sy < 0 || sy >= out->height)
				continue;
			for (int x = 0; x < d->Width; x++) {
				int sx = d->Left + x, i = line[x];
				unsigned char *p;
				if (sx < 0 || sx >= out->width || i == transparent ||
				    i >= map->ColorCount)
					continue;
				p = out->px + ((size_t)sy * (size_t)out->width +
				               (size_t)sx) * 4u;
				p[0] = map->Colors[i].Red;
				p[1] = map->Colors[i].Green;
				p[2] = map->Colors[i].Blue;
				p[3] = 255;
			}
		}
	}
	free(line);
	return DECODE_OK;
}

static enum decode_status decode_gif(const void *bytes, size_t n, int max_side,
                                     struct picture_rgba *out, int *w, int *h)
{
	struct gif_src src = { bytes, n, 0 };
	enum decode_status st = DECODE_DAMAGED;
	int e = 0, transparent = -1;
	GifFileType *g = DGifOpen(&src, gif_read, &e);

	if (!g)
		return DECODE_DAMAGED;
	*w = g->SWidth;
	*h = g->SHeight;
	if (!size_ok(g->SWidth, g->SHeight, max_side)) {
		DGifCloseFile(g, &e);
		return DECODE_TOO_LARGE;
	}
	if (alloc_rgba(out, g->SWidth, g->SHeight) != 0) {
		DGifCloseFile(g, &e);
		return DECODE_NOMEM;
	}
	for (int records = 0; records < 100000; records++) {
		GifRecordType type;
		if (DGifGetRecordType(g, &type) != GIF_OK)
			break;
		if (type == IMAGE_DESC_RECORD_TYPE) {
			if (DGifGetImageDesc(g) == GIF_OK)
				st = gif_frame(g, transparent, out);
			break;
		}
		if (type == EXTENSION_RECORD_TYPE) {
			int code;
			GifByteType *ext;
			if (DGifGetExtension(g, &code, &ext) != GIF_OK)
				break;
			if (code == GRAPHICS_EXT_FUNC_CODE && ext && ext[0] >= 4) {
				GraphicsControlBlock gcb;
				if (DGifExtensionToGCB(ext[0], ext + 1, &gcb) == GIF_OK)
					transparent = gcb.TransparentColor;
			}
			while (ext) {
				if (DGifGetExtensionNext(g, &ext) != GIF_OK) {
					ext = NULL;
					records = 100000;
				}
			}
			continue;
		}
		break; /* terminator or garbage before any frame */
	}
	DGifCloseFile(g, &e);
	if (st != DECODE_OK)
		picture_rgba_free(out);
	return st;
}

/* ---- WebP (libwebp) */
static enum decode_status decode_webp(const void *bytes, size_t n,
                                      int max_side, struct picture_rgba *out,
                                      int *w, int *h)
{
	int ww = 0, hh = 0;
	uint8_t *px;

	if (!WebPGetInfo(bytes, n, &ww, &hh))
		return DECODE_DAMAGED;
	*w = ww;
	*h = hh;
	if (!size_ok(ww, hh, max_side))
		return DECODE_TOO_LARGE;
	if (alloc_rgba(out, ww, hh) != 0)
		return DECODE_NOMEM;
	px = WebPDecodeRGBAInto(bytes, n, out->px, (size_t)ww * (size_t)hh * 4u,
	                        ww * 4);
	if (!px) {
		picture_rgba_free(out);
		return DECODE_DAMAGED;
	}
	return DECODE_OK;
}

/* See decode.h. */
enum decode_status decode_image(const void *bytes, size_t n, int max_side,
                                int keep_side, struct picture_rgba *out,
                                int *w, int *h)
{
	const char *format = NULL;
	enum decode_status st;
	struct pf_error err;

	memset(out, 0, sizeof *out);
	*w = *h = 0;
	if (!bytes || !image_sniff(bytes, n, &format))
		return DECODE_NOT_IMAGE;
	if (max_side < 1 || keep_side < 1)
		return DECODE_TOO_LARGE;
	if (strcmp(format, "PNG") == 0)
		st = decode_png(bytes, n, max_side, out, w, h);
	else if (strcmp(format, "JPEG") == 0)
		st = decode_jpeg(bytes, n, max_side, keep_side, out, w, h);
	else if (strcmp(format, "GIF") == 0)
		st = decode_gif(bytes, n, max_side, out, w, h);
	else
		st = decode_webp(bytes, n, max_side, out, w, h);
	if (st != DECODE_OK)
		return st;
	pf_error_clear(&err);
	if (picture_shrink(out, keep_side, &err) != 0) {
		picture_rgba_free(out);
		return DECODE_NOMEM;
	}
	return DECODE_OK;
}
