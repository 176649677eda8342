/* statefile.c - private files under the state directory; see statefile.h.
 * The rules were draft.c's; drafts, recent people and the audit trail now
 * share them. */
#include "statefile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "strbuf.h"

#define STATEFILE_NAME_MAX 200  /* bytes of a file name before it is hashed */
#define STATEFILE_NAME_KEEP 150 /* bytes kept of an over-long name */

char *statefile_dir(const char *sub, const char *what, struct pf_error *err)
{
	const char *xdg = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	struct strbuf dir = { 0 };
	int rc;
	if (xdg && *xdg == '/')
		rc = strbuf_appendf(&dir, "%s/profed/", xdg);
	else if (home && *home)
		rc = strbuf_appendf(&dir, "%s/.local/state/profed/", home);
	else {
		pf_error_set(err, PF_ERR_CONFIG, "cannot keep %s: neither "
		             "XDG_STATE_HOME nor HOME is set", what);
		return NULL;
	}
	if (sub && *sub)
		rc |= strbuf_appendf(&dir, "%s/", sub);
	if (rc) {
		strbuf_free(&dir);
		pf_error_set(err, PF_ERR_NOMEM, "out of memory");
		return NULL;
	}
	return strbuf_take(&dir);
}

int statefile_escape(struct strbuf *sb, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		bool keep = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		            (*p >= '0' && *p <= '9') || *p == '_' || *p == '-';
		if (keep ? strbuf_append(sb, p, 1) < 0 :
		           strbuf_appendf(sb, "%%%02X", *p) < 0)
			return -1;
	}
	return 0;
}

uint64_t statefile_hash(uint64_t h, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		h ^= *p;
		h *= 0x100000001b3ULL;
	}
	return h;
}

int statefile_name(struct strbuf *sb, const char *const *parts, size_t n,
                   const char *suffix)
{
	struct strbuf name = { 0 };
	uint64_t h = STATEFILE_HASH_INIT;
	int rc = 0;
	bool first = true;
	for (size_t i = 0; i < n; i++) {
		if (i)
			h = statefile_hash(h, "\n");
		h = statefile_hash(h, parts[i]);
		if (!parts[i] || (!first && !*parts[i]))
			continue;
		if (!first)
			rc |= strbuf_append_str(&name, ".");
		rc |= statefile_escape(&name, parts[i]);
		first = false;
	}
	if (rc == 0 && name.len > STATEFILE_NAME_MAX) {
		/* Keep it readable and unique: a cut prefix and a hash of all. */
		name.len = STATEFILE_NAME_KEEP;
		name.data[name.len] = '\0';
		rc |= strbuf_appendf(&name, "~%016llx", (unsigned long long)h);
	}
	if (rc == 0)
		rc = strbuf_appendf(sb, "%s%s", strbuf_str(&name), suffix ? suffix : "");
	strbuf_free(&name);
	return rc ? -1 : 0;
}

const char *statefile_env_of(const struct config *cfg)
{
	if (cfg && cfg->base_url && config_environment(cfg) == ENV_CUSTOM)
		return cfg->base_url;
	return cfg ? config_environment_name(cfg) : "";
}

int statefile_mkdirs(const char *dir, const char *what, struct pf_error *err)
{
	if (!dir || !*dir)
		return pf_error_set(err, PF_ERR_USAGE, "no %s directory", what);
	char *p = strdup(dir);
	if (!p)
		return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
	int rc = 0;
	for (char *s = p + 1; rc == 0; s++) {
		bool end = !*s;
		if (*s != '/' && !end)
			continue;
		*s = '\0';
		if (mkdir(p, 0700) < 0 && errno != EEXIST)
			rc = pf_error_set(err, PF_ERR_IO, "cannot create the %s "
			                  "directory %s: %s", what, p, strerror(errno));
		if (end)
			break;
		*s = '/';
	}
	free(p);
	return rc;
}

int statefile_private_dir(const char *dir, const char *what,
                          struct pf_error *err)
{
	if (statefile_mkdirs(dir, what, err) < 0)
		return -1;
	struct stat st;
	size_t n = strlen(dir);
	char *p = strdup(dir);
	if (!p)
		return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
	while (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	int rc = 0;
	if (lstat(p, &st) < 0)
		rc = pf_error_set(err, PF_ERR_IO, "cannot use the %s directory "
		                  "%s: %s", what, p, strerror(errno));
	else if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid())
		rc = pf_error_set(err, PF_ERR_IO, "refusing the %s directory %s: "
		                  "not a directory of yours (a symbolic link or "
		                  "another owner's)", what, p);
	else if (st.st_mode & (S_IRWXG | S_IRWXO))
		rc = pf_error_set(err, PF_ERR_IO, "refusing the %s directory %s: "
		                  "other users can reach it. Check it, then "
		                  "chmod 700 %s", what, p, p);
	free(p);
	return rc;
}

int statefile_write_all(int fd, const char *buf, size_t n)
{
	while (n) {
		ssize_t w = write(fd, buf, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

int statefile_write_atomic(const char *path, const char *data, size_t n,
                           bool private_dir, const char *what,
                           struct pf_error *err)
{
	if (!path || (!data && n))
		return pf_error_set(err, PF_ERR_USAGE, "no %s file or content", what);
	const char *slash = strrchr(path, '/');
	if (!slash || !slash[1])
		return pf_error_set(err, PF_ERR_USAGE, "the %s path %s is not a "
		                    "file path", what, path);
	struct strbuf dir = { 0 }, tmp = { 0 };
	if (strbuf_append(&dir, path, (size_t)(slash - path)) < 0 ||
	    strbuf_appendf(&tmp, "%s/.%s.XXXXXX", strbuf_str(&dir), slash + 1) < 0) {
		strbuf_free(&dir);
		strbuf_free(&tmp);
		return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
	}
	int rc = private_dir ? statefile_private_dir(strbuf_str(&dir), what, err)
	                     : statefile_mkdirs(strbuf_str(&dir), what, err);
	int fd = rc < 0 ? -1 : mkostemp(tmp.data, O_CLOEXEC); /* 0600, O_EXCL */
	if (rc == 0 && fd < 0)
		rc = pf_error_set(err, PF_ERR_IO, "cannot write a %s in %s: %s",
		                  what, strbuf_str(&dir), strerror(errno));
	if (fd >= 0) {
		if (statefile_write_all(fd, data, n) < 0 || fsync(fd) < 0)
			rc = pf_error_set(err, PF_ERR_IO, "cannot write the %s %s: %s",
			                  what, tmp.data, strerror(errno));
		if (close(fd) < 0 && rc == 0)
			rc = pf_error_set(err, PF_ERR_IO, "cannot write the %s %s: %s",
			                  what, tmp.data, strerror(errno));
		if (rc == 0 && rename(tmp.data, path) < 0)
			rc = pf_error_set(err, PF_ERR_IO, "cannot save the %s %s: %s",
			                  what, path, strerror(errno));
		if (rc < 0)
			unlink(tmp.data);
	}
	if (rc == 0) { /* make the rename itself durable */
		int dfd = open(strbuf_str(&dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
	}
	strbuf_free(&dir);
	strbuf_free(&tmp);
	return rc;
}

int statefile_check_fd(int fd, const char *path, size_t max, const char *what,
                       struct pf_error *err)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return pf_error_set(err, PF_ERR_IO, "cannot read the %s %s: %s",
		                    what, path, strerror(errno));
	if (!S_ISREG(st.st_mode) || st.st_uid != geteuid())
		return pf_error_set(err, PF_ERR_IO, "refusing the %s %s: not a "
		                    "regular file of yours", what, path);
	if (st.st_mode & (S_IRWXG | S_IRWXO))
		return pf_error_set(err, PF_ERR_IO, "refusing the %s %s: other "
		                    "users can read or write it. Check it, then "
		                    "chmod 600 %s", what, path, path);
	if (max && (unsigned long long)st.st_size > max)
		return pf_error_set(err, PF_ERR_IO, "refusing the %s %s: larger "
		                    "than %zu bytes", what, path, max);
	return 0;
}

int statefile_read_private(const char *path, size_t max, const char *what,
                           struct strbuf *out, struct pf_error *err)
{
	if (!path || !out)
		return pf_error_set(err, PF_ERR_USAGE, "no %s file", what);
	/* O_NOFOLLOW: a symlink planted in our directory is not followed;
	 * O_NONBLOCK: a FIFO there cannot hang the open. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0 && errno == ENOENT)
		return 1;
	if (fd < 0)
		return pf_error_set(err, PF_ERR_IO, "refusing the %s %s: %s", what,
		                    path, strerror(errno));
	int rc = statefile_check_fd(fd, path, max, what, err);
	out->limit = max;
	char buf[8192];
	while (rc == 0) {
		ssize_t r = read(fd, buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			rc = pf_error_set(err, PF_ERR_IO, "cannot read the %s %s: %s",
			                  what, path, strerror(errno));
		else if (r == 0)
			break;
		else if (strbuf_append(out, buf, (size_t)r) < 0)
			rc = pf_error_set(err, PF_ERR_IO, "refusing the %s %s: larger "
			                  "than %zu bytes", what, path, max);
	}
	close(fd);
	return rc;
}

int statefile_remove(const char *path, const char *what, struct pf_error *err)
{
	if (!path)
		return pf_error_set(err, PF_ERR_USAGE, "no %s file", what);
	if (unlink(path) < 0 && errno != ENOENT)
		return pf_error_set(err, PF_ERR_IO, "cannot remove the %s %s: %s",
		                    what, path, strerror(errno));
	return 0;
}

/* See statefile.h. */
char *statefile_path(const char *sub, const char *what,
                     const char *const *parts, size_t n, const char *ext,
                     struct pf_error *err)
{
	char *dir = statefile_dir(sub, what, err);
	struct strbuf sb = { 0 };

	if (!dir)
		return NULL;
	if (strbuf_append_str(&sb, dir) < 0 ||
	    statefile_name(&sb, parts, n, ext) < 0) {
		free(dir);
		strbuf_free(&sb);
		pf_error_set(err, PF_ERR_NOMEM, "out of memory");
		return NULL;
	}
	free(dir);
	return strbuf_take(&sb);
}
