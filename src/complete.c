/* complete.c - shell-like completion of a local path (see complete.h). */
#include "complete.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* See complete.h. */
char *complete_expand(const char *text, const char *home)
{
	char *s;

	if (!text)
		return NULL;
	if (!home || !*home || text[0] != '~' || (text[1] != '/' && text[1]))
		return strdup(text);
	if (asprintf(&s, "%s%s", home, text + 1) < 0)
		return NULL;
	return s;
}

/* Free the names and the text; zero the result. Accepts NULL. */
void complete_result_free(struct complete_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		free(r->names[i]);
	free(r->names);
	free(r->text);
	memset(r, 0, sizeof *r);
}

/* qsort on names. */
static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether the entry dir/name is a directory (following symbolic links). */
static bool is_dir(const char *dir, const char *name)
{
	struct stat st;
	char *p;
	bool yes;

	if (asprintf(&p, "%s/%s", dir, name) < 0)
		return false;
	yes = stat(p, &st) == 0 && S_ISDIR(st.st_mode);
	free(p);
	return yes;
}

/* Whether text is something other than a path being typed. */
static bool not_a_path(const char *text)
{
	return !text || !*text || strstr(text, "://") ||
	       strncmp(text, "file_", 5) == 0 || strchr(text, '\n');
}

/* Keep name (with '/' when a directory) in out->names. -1 out of memory. */
static int keep_name(struct complete_result *out, const char *dir,
                     const char *name)
{
	char **grown, *copy;

	if (out->n >= COMPLETE_MAX_NAMES)
		return 0;
	grown = realloc(out->names, (out->n + 1) * sizeof *grown);
	if (!grown)
		return -1;
	out->names = grown;
	if (asprintf(&copy, "%s%s", name, is_dir(dir, name) ? "/" : "") < 0)
		return -1;
	out->names[out->n++] = copy;
	return 0;
}

/* See complete.h. */
int complete_path(const char *text, const char *home,
                  struct complete_result *out, struct pf_error *err)
{
	const char *slash, *prefix;
	char *dir = NULL, *common = NULL;
	size_t dir_len, plen, clen = 0;
	DIR *d;
	struct dirent *de;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (not_a_path(text))
		return 0;
	if (strcmp(text, "~") == 0 && home && *home) {
		/* a lone "~" is the home directory itself */
		out->text = strdup("~/");
		out->total = 1;
		return out->text ? 0 : pf_error_set(err, PF_ERR_NOMEM, "out of memory");
	}
	slash = strrchr(text, '/');
	dir_len = slash ? (size_t)(slash - text) + 1 : 0;
	prefix = text + dir_len;
	plen = strlen(prefix);
	if (dir_len) {
		char *part = strndup(text, dir_len);
		dir = part ? complete_expand(part, home) : NULL;
		free(part);
	} else {
		dir = strdup(".");
	}
	if (!dir)
		return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
	d = opendir(dir);
	if (!d) {
		free(dir);
		return 0;
	}
	while ((de = readdir(d))) {
		const char *name = de->d_name;
		size_t k = 0;
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		if (name[0] == '.' && prefix[0] != '.')
			continue;
		if (strncmp(name, prefix, plen) != 0)
			continue;
		out->total++;
		if (!common) {
			common = strdup(name);
			if (!common)
				goto done;
			clen = strlen(common);
		} else {
			while (k < clen && common[k] == name[k])
				k++;
			clen = k;
		}
		if (keep_name(out, dir, name) != 0)
			goto done;
	}
	if (out->total == 1 && out->n == 1) {
		/* the one name, with its '/' when a directory */
		if (asprintf(&out->text, "%.*s%s", (int)dir_len, text,
		             out->names[0]) < 0)
			out->text = NULL;
	} else if (common) {
		/* do not end inside a UTF-8 character */
		while (clen > plen && ((unsigned char)common[clen] & 0xC0) == 0x80)
			clen--;
		if (asprintf(&out->text, "%.*s%.*s", (int)dir_len, text, (int)clen,
		             common) < 0)
			out->text = NULL;
	}
	if (out->total && !out->text)
		goto done;
	if (out->n > 1)
		qsort(out->names, out->n, sizeof *out->names, by_name);
	rc = 0;
done:
	closedir(d);
	free(dir);
	free(common);
	if (rc != 0) {
		complete_result_free(out);
		return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
	}
	return 0;
}
