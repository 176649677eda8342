/* cmd_common.c - helpers shared by the support commands; see cmd.h. */
#include "cmd.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "members.h"
#include "strbuf.h"
#include "text.h"

int cmd_parse_limit(const char *text, size_t dflt, size_t *n,
                    struct pf_error *err)
{
	size_t v = 0;

	if (!text) {
		*n = dflt;
		return 0;
	}
	if (!*text)
		return pf_error_set(err, PF_ERR_USAGE,
		                    "--limit needs a number from 1 to %d",
		                    CMD_LIMIT_MAX);
	for (const char *p = text; *p; p++) {
		if (*p < '0' || *p > '9' || v > CMD_LIMIT_MAX)
			return pf_error_set(err, PF_ERR_USAGE,
			                    "--limit needs a number from 1 to %d",
			                    CMD_LIMIT_MAX);
		v = v * 10 + (size_t)(*p - '0');
	}
	if (v < 1 || v > CMD_LIMIT_MAX)
		return pf_error_set(err, PF_ERR_USAGE,
		                    "--limit needs a number from 1 to %d",
		                    CMD_LIMIT_MAX);
	*n = v;
	return 0;
}

size_t cmd_page_first(size_t wanted, size_t have, size_t max)
{
	size_t left = have < wanted ? wanted - have : 0;

	if (!left)
		return 0;
	return left < max || !max ? left : max;
}

void cmd_take_front(void *dst, void *items, size_t n, size_t take,
                    size_t size)
{
	unsigned char *from = items;

	if (!take)
		return;
	memcpy(dst, from, take * size);
	memmove(from, from + take * size, (n - take) * size);
}

int cmd_next_page(char **after, size_t got, const struct page_info *info,
                  struct pf_error *err)
{
	char *next;

	if (!got || !members_page_more(info) ||
	    (*after && strcmp(*after, info->end_cursor) == 0))
		return 0;
	if (!(next = strdup(info->end_cursor)))
		return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
	free(*after);
	*after = next;
	return 1;
}

char *cmd_join_words(const char *const *words, size_t n)
{
	struct strbuf sb = { 0 };
	int rc = 0;

	if (!words || !n)
		return NULL;
	rc = strbuf_append_str(&sb, "");
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (i)
			rc = strbuf_append_str(&sb, " ");
		if (rc == 0)
			rc = strbuf_append_str(&sb, words[i] ? words[i] : "");
	}
	if (rc != 0) {
		strbuf_free(&sb);
		return NULL;
	}
	return strbuf_take(&sb);
}

bool cmd_one_of(const char *text, const char *choices)
{
	return text_word_in(text, choices, "|");
}

const char *cmd_json_without_phone(const char *json, char **owned)
{
	cJSON *root, *phone;
	bool any = false;

	*owned = NULL;
	if (!json)
		return json;
	/* parsed every time: the key may be spelt with \u escapes */
	root = cJSON_Parse(json);
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return json;
	}
	/* every copy of the key (a hostile answer may repeat it) */
	while ((phone = cJSON_GetObjectItemCaseSensitive(root, "phone_number"))) {
		any = any || !cJSON_IsNull(phone);
		cJSON_DeleteItemFromObjectCaseSensitive(root, "phone_number");
	}
	if (!any) {
		cJSON_Delete(root);
		return json;
	}
	*owned = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	return *owned;
}

void cmd_set_what(struct pf_error *err, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	vsnprintf(err->what, sizeof err->what, fmt, ap);
	va_end(ap);
}

size_t cmd_terminal_width(int fd)
{
	struct winsize ws;

	if (!isatty(fd) || ioctl(fd, TIOCGWINSZ, &ws) != 0 || ws.ws_col == 0)
		return 0;
	return ws.ws_col;
}
