/* jsontext.c - a whole text as one JSON value; see jsontext.h. */
#include "jsontext.h"

#include <string.h>

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
