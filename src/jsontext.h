/* jsontext.h - a whole text as one JSON value: what an answer or a state
 * file must be (nothing but blanks after the value, no NUL byte). */
#ifndef PROFED_JSONTEXT_H
#define PROFED_JSONTEXT_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

/* text[0..n) parsed as one JSON value followed by nothing but blanks
 * (space, tab, CR, LF). NULL when text is NULL or empty, holds a NUL
 * byte (cJSON would cut a string at it), is not JSON, has something
 * after the value, or memory ran out. Caller cJSON_Deletes. */
cJSON *jsontext_parse(const char *text, size_t n);

/* A copy of o's string member key when it is fit to keep: at most max
 * bytes and valid UTF-8; else NULL (absent, null, not a string, too long,
 * not UTF-8, or o not an object). *oom set when the copy failed. */
char *jsontext_str(const cJSON *o, const char *key, size_t max, bool *oom);

#endif
