/* complete.h - completing a local file path as a shell does, for Tab in
 * the editor's picture field. No curses: the UI decides what to show.
 *
 * The text is split at its last '/': the directory part is listed (the
 * current directory when there is none; a leading "~/" means $HOME, and
 * the completed text keeps the "~/"), the rest is the prefix the names
 * must start with. Names starting with '.' match only a prefix that starts
 * with '.'; "." and ".." never match. Directories get a '/' after their
 * name.
 */
#ifndef PROFED_COMPLETE_H
#define PROFED_COMPLETE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* At most this many candidate names are kept (the common prefix still
 * looks at every entry). */
#define COMPLETE_MAX_NAMES 1000

struct complete_result {
	/* The text extended by the longest common prefix of the matches (the
	 * whole name, '/' after a directory, when only one matches); equal
	 * to the input when nothing can be added. NULL when nothing matches. */
	char *text;
	char **names;   /* the matching names, sorted, '/' after directories */
	size_t n;       /* names kept */
	size_t total;   /* names that matched (may exceed n) */
};

/* Complete text (see above) with home for "~/" (NULL or "": no
 * expansion). Returns 0 with *out filled (out->total 0: nothing matches,
 * the directory cannot be read, or text is not a path: empty, a URL with
 * "://", a "file_" id), or -1 with err (PF_ERR_NOMEM) and *out zeroed.
 * Free with complete_result_free. */
int complete_path(const char *text, const char *home,
                  struct complete_result *out, struct pf_error *err);

void complete_result_free(struct complete_result *r); /* accepts NULL */

/* text with a leading "~/" (or a lone "~") replaced by home; a copy of
 * text otherwise. Caller frees; NULL out of memory. */
char *complete_expand(const char *text, const char *home);

#endif
