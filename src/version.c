/* version.c - the --version text; see version.h. */
#include "version.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <stdlib.h>

#include "autoconf.h"
#include "config.h"
#include "picture.h"
#include "strbuf.h"

/* The pinned API versions: a new API is one row. */
static const struct {
	const char *api, *version;
} pins[] = {
	{"users", CONFIG_USERS_VERSION},
	{"files", CONFIG_FILES_VERSION},
};

char *version_api_pins(void)
{
	struct strbuf sb = {0};
	for (size_t i = 0; i < sizeof pins / sizeof pins[0]; i++)
		strbuf_appendf(&sb, "%s%s %s", i ? ", " : "", pins[i].api,
		               pins[i].version);
	return strbuf_take(&sb);
}

char *version_text(const char *ncurses)
{
	struct strbuf sb = {0};
	strbuf_appendf(&sb, "%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
	const curl_version_info_data *cv = curl_version_info(CURLVERSION_NOW);
	strbuf_appendf(&sb, "libcurl %s (%s)\n", cv && cv->version ? cv->version
	               : "?", cv && cv->ssl_version ? cv->ssl_version : "no TLS");
	if (ncurses && *ncurses)
		strbuf_appendf(&sb, "%s\n", ncurses);
	strbuf_appendf(&sb, "cJSON %s\n", cJSON_Version());
	char pics[128];
	if (*picture_library_versions(pics, sizeof pics))
		strbuf_appendf(&sb, "%s\n", pics);
	char *api = version_api_pins();
	strbuf_appendf(&sb, "API versions: %s\n", api ? api : "?");
	free(api);
	return strbuf_take(&sb);
}
