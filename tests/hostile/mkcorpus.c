/* mkcorpus.c - writes the hostile-picture corpus (the .png, .jpg, .gif,
 * .webp and .bin files of tests/hostile) into the directory argv[1].
 *
 * The files are committed; this program documents and reproduces them:
 *   cc -o mkcorpus tests/hostile/mkcorpus.c -lpng -ljpeg -lgif -lwebp
 *   ./mkcorpus tests/hostile
 * Valid seeds are made with the libraries' own encoders, then broken:
 * truncated, wrong magic, a bad Huffman table, bombs (a 4096x4096 PNG of
 * 50 KB, sizes over the limit in every format), a GIF frame outside its
 * screen, garbage after the magic. tests/check_decode.c decodes every
 * file in process (under ASan/UBSan in CI) and tests/check_picture.c
 * shows every one in the real editor.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gif_lib.h>
#include <jpeglib.h>
#include <png.h>
#include <webp/encode.h>

static const char *dir;

static void put(const char *name, const void *p, size_t n)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

static unsigned char *pixels(int w, int h)
{
	unsigned char *px = malloc((size_t)w * h * 4);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			unsigned char *p = px + ((size_t)y * w + x) * 4;
			p[0] = (unsigned char)(x * 7);
			p[1] = (unsigned char)(y * 5);
			p[2] = (unsigned char)((x ^ y) * 3);
			p[3] = 255;
		}
	return px;
}

/* A PNG of w x h RGBA pixels (px NULL: all zero) in memory. */
static unsigned char *png(int w, int h, const unsigned char *px, size_t *n)
{
	png_image img;
	png_alloc_size_t size = 0;
	unsigned char *buf, *zero = NULL;

	memset(&img, 0, sizeof img);
	img.version = PNG_IMAGE_VERSION;
	img.width = (png_uint_32)w;
	img.height = (png_uint_32)h;
	img.format = PNG_FORMAT_RGBA;
	if (!px)
		px = zero = calloc((size_t)w * h, 4);
	png_image_write_to_memory(&img, NULL, &size, 0, px, 0, NULL);
	buf = malloc(size);
	if (!png_image_write_to_memory(&img, buf, &size, 0, px, 0, NULL)) {
		fprintf(stderr, "png: %s\n", img.message);
		exit(1);
	}
	free(zero);
	*n = size;
	return buf;
}

static unsigned char *jpeg(int w, int h, const unsigned char *px, int prog,
                           size_t *n)
{
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr e;
	unsigned char *out = NULL;
	unsigned long len = 0;
	unsigned char *row = malloc((size_t)w * 3);

	c.err = jpeg_std_error(&e);
	jpeg_create_compress(&c);
	jpeg_mem_dest(&c, &out, &len);
	c.image_width = (JDIMENSION)w;
	c.image_height = (JDIMENSION)h;
	c.input_components = 3;
	c.in_color_space = JCS_RGB;
	jpeg_set_defaults(&c);
	if (prog)
		jpeg_simple_progression(&c);
	jpeg_start_compress(&c, TRUE);
	while (c.next_scanline < c.image_height) {
		const unsigned char *s = px + (size_t)c.next_scanline * w * 4;
		for (int x = 0; x < w; x++)
			memcpy(row + x * 3, s + x * 4, 3);
		JSAMPROW r[1] = { row };
		jpeg_write_scanlines(&c, r, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	free(row);
	*n = len;
	return out;
}

struct gbuf {
	unsigned char *p;
	size_t n;
};

static int gif_write(GifFileType *g, const GifByteType *b, int len)
{
	struct gbuf *o = g->UserData;
	o->p = realloc(o->p, o->n + (size_t)len);
	memcpy(o->p + o->n, b, (size_t)len);
	o->n += (size_t)len;
	return len;
}

/* A GIF: screen sw x sh, one frame fw x fh at (fx, fy). */
static unsigned char *gif(int sw, int sh, int fx, int fy, int fw, int fh,
                          size_t *n)
{
	struct gbuf o = { NULL, 0 };
	int e;
	GifFileType *g = EGifOpen(&o, gif_write, &e);
	GifColorType cols[4] = { { 0, 0, 0 }, { 255, 0, 0 }, { 0, 255, 0 },
	                         { 0, 0, 255 } };
	ColorMapObject *map = GifMakeMapObject(4, cols);
	GifPixelType *line = malloc((size_t)fw);

	EGifSetGifVersion(g, true);
	EGifPutScreenDesc(g, sw, sh, 2, 0, map);
	EGifPutImageDesc(g, fx, fy, fw, fh, false, NULL);
	for (int y = 0; y < fh; y++) {
		for (int x = 0; x < fw; x++)
			line[x] = (GifPixelType)((x / 4 + y / 4) % 4);
		EGifPutLine(g, line, fw);
	}
	EGifCloseFile(g, &e);
	GifFreeMapObject(map);
	free(line);
	*n = o.n;
	return o.p;
}

static void truncations(const char *base, const char *ext,
                        const unsigned char *p, size_t n)
{
	static const int cuts[] = { 8, 16, 33, 50, 90, 99 };
	char name[128];

	for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
		size_t k = cuts[i] < 50 ? (size_t)cuts[i] : n * (size_t)cuts[i] / 100;
		if (k >= n)
			continue;
		snprintf(name, sizeof name, "%s-cut%zu.%s", base, k, ext);
		put(name, p, k);
	}
}

static void put32(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

int main(int argc, char **argv)
{
	unsigned char *px = pixels(64, 48), *b, *c;
	size_t n;

	if (argc != 2)
		return 2;
	dir = argv[1];

	/* PNG */
	b = png(64, 48, px, &n);
	put("ok.png", b, n);
	truncations("png", "png", b, n);
	c = malloc(n);
	memcpy(c, b, n);
	c[1] = 'X';
	put("png-wrong-magic.png", c, n);
	memcpy(c, b, n);
	c[n / 2] ^= 0x55; /* a flipped byte in the IDAT: CRC and zlib fail */
	put("png-bitflip.png", c, n);
	memcpy(c, b, n);
	put32(c + 16, 100000); /* IHDR width, CRC left stale */
	put32(c + 20, 100000);
	put("png-huge-header.png", c, n);
	free(c);
	free(b);
	b = png(4096, 4096, NULL, &n); /* the bomb: 64 MiB of pixels */
	put("png-bomb-4096.png", b, n);
	free(b);
	b = png(4097, 1, NULL, &n);
	put("png-too-wide.png", b, n);
	free(b);

	/* JPEG */
	b = jpeg(64, 48, px, 0, &n);
	put("ok.jpg", b, n);
	truncations("jpeg", "jpg", b, n);
	c = malloc(n);
	memcpy(c, b, n);
	for (size_t i = 2; i + 20 < n; i++) {
		if (c[i] == 0xff && c[i + 1] == 0xc4) {
			/* DHT: code counts summing far past 256 */
			for (int k = 0; k < 16; k++)
				c[i + 5 + k] = 0xff;
			break;
		}
	}
	put("jpeg-bad-huffman.jpg", c, n);
	memcpy(c, b, n);
	for (size_t i = 2; i + 9 < n; i++) {
		if (c[i] == 0xff && c[i + 1] == 0xc0) {
			c[i + 5] = 0xff; /* height 65xxx */
			c[i + 7] = 0xff; /* width 65xxx */
			break;
		}
	}
	put("jpeg-huge-sof.jpg", c, n);
	memcpy(c, b, n);
	for (size_t i = n / 3; i < n - 2; i += 7)
		c[i] = (unsigned char)(c[i] * 31 + 7); /* garbage entropy data */
	put("jpeg-garbage-scan.jpg", c, n);
	free(c);
	free(b);
	b = jpeg(64, 48, px, 1, &n);
	put("ok-progressive.jpg", b, n);
	truncations("jpeg-progressive", "jpg", b, n);
	free(b);
	put("jpeg-magic-only.jpg", "\xff\xd8\xff", 3);

	/* GIF */
	b = gif(40, 30, 0, 0, 40, 30, &n);
	put("ok.gif", b, n);
	truncations("gif", "gif", b, n);
	c = malloc(n);
	memcpy(c, b, n);
	c[6] = c[7] = c[8] = c[9] = 0xff; /* screen 65535 x 65535 */
	put("gif-huge-screen.gif", c, n);
	memcpy(c, b, n);
	for (size_t i = 40; i < n - 1; i++)
		c[i] = (unsigned char)(i * 13); /* LZW garbage */
	put("gif-lzw-garbage.gif", c, n);
	free(c);
	free(b);
	b = gif(10, 10, 5, 5, 200, 200, &n); /* a frame far outside the screen */
	put("gif-frame-outside.gif", b, n);
	free(b);
	put("gif-header-only.gif", "GIF89a", 6);

	/* WebP */
	{
		uint8_t *w = NULL;
		n = WebPEncodeRGBA(px, 64, 48, 64 * 4, 80.0f, &w);
		put("ok.webp", w, n);
		truncations("webp", "webp", w, n);
		c = malloc(n);
		memcpy(c, w, n);
		c[4] = c[5] = c[6] = 0xff; /* RIFF size far past the end */
		put("webp-riff-size.webp", c, n);
		memcpy(c, w, n);
		for (size_t i = 30; i < n; i++)
			c[i] = (unsigned char)(i * 29);
		put("webp-garbage.webp", c, n);
		free(c);
		WebPFree(w);
		n = WebPEncodeLosslessRGBA(px, 64, 48, 64 * 4, &w);
		c = malloc(n);
		memcpy(c, w, n);
		/* VP8L header: 14-bit width-1 and height-1 at byte 21 */
		c[21] = 0xff;
		c[22] = 0xff;
		c[23] = 0xff;
		c[24] = 0x0f;
		put("webp-huge-lossless.webp", c, n);
		free(c);
		WebPFree(w);
	}
	put("riff-not-webp.webp", "RIFF\x10\x00\x00\x00WEBPVP8X\xff\xff\xff\xff", 20);
	put("not-a-picture.bin", "hello, I am not a picture\n", 26);
	free(px);
	return 0;
}
