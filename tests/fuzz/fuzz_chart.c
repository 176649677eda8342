/* fuzz_chart.c - libFuzzer target: the balance history of any bytes (the
 * answer of GET /users/me?include_balance_history=true), then the chart
 * model at a size and in glyphs taken from the first two bytes, every
 * readout, and the command-mode text, CSV and JSON. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "histout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	int w = data[0] % 120, h = data[1] % 40;
	enum chart_glyphs g = (enum chart_glyphs)(data[0] % 3);
	enum history_interval iv = (enum history_interval)(data[1] % 4);
	const char *json = (const char *)data + 2;
	size_t n = size - 2;
	struct pf_error err;
	struct chart_series s;
	if (chart_series_parse(json, n, &s, &err) < 0)
		return 0;
	struct chart_model *m = chart_build(&s, w, h, g, iv, "2026-06-09", &err);
	if (m) {
		for (int c = -1; c <= m->plot_w; c++)
			free(chart_readout(m, c));
		for (int r = 0; r < m->plot_h; r++)
			free(chart_row_text(m, r));
	}
	chart_free(m);
	struct strbuf out = {0};
	histout_text(&s, iv, NULL, true, data[0] & 1, &out, &err);
	histout_csv(&s, &out, &err);
	char *z = malloc(n + 1);
	if (z) {
		memcpy(z, json, n);
		z[n] = '\0';
		histout_json(z, &out, &err);
		free(z);
	}
	strbuf_free(&out);
	chart_series_free(&s);
	return 0;
}
