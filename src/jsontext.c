/* jsontext.c - a whole text as one JSON value; see jsontext.h. */
#include "jsontext.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

cJSON *jsontext_parse(const char *text, size_t n)
{
	if (!text || !n || memchr(text, '\0', n))
		return NULL;
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(text, n, &end, 0);
	while (root && end && end < text + n && strchr(" \t\r\n", *end))
		end++;
	if (root && end && end < text + n) { /* something after the value */
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}

char *jsontext_str(const cJSON *o, const char *key, size_t max, bool *oom)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!cJSON_IsString(v) || !v->valuestring)
		return NULL;
	size_t n = strlen(v->valuestring);
	if (n > max || !text_utf8_valid(v->valuestring, n))
		return NULL;
	char *c = strdup(v->valuestring);
	if (!c)
		*oom = true;
	return c;
}
