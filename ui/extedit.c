/* extedit.c - the external editor (see extedit.h). */
#include "extedit.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"
#include "statefile.h"

extern char **environ;

/* $VISUAL, else $EDITOR, else vi (empty variables count as unset). */
static const char *editor_command(void)
{
	const char *e = getenv("VISUAL");

	if (!e || !*e)
		e = getenv("EDITOR");
	if (!e || !*e)
		e = "vi";
	return e;
}

/* Write all of text and a newline to fd. 0 or -1 (errno set). */
static int write_all(int fd, const char *text)
{
	if (statefile_write_all(fd, text, strlen(text)) != 0)
		return -1;
	return statefile_write_all(fd, "\n", 1);
}

/* Run `sh -c 'EDITOR "$@"' EDITOR path` and wait (child_spawn: no
 * secret in its environment, fds 0-2 only). Interrupts typed at the
 * editor are its business: profed ignores SIGINT/SIGQUIT meanwhile.
 * Returns the wait status, or -1 when it could not be started. */
static int run_editor(const char *editor, const char *path)
{
	struct sigaction ign, old_int, old_quit;
	size_t n = strlen(editor) + sizeof " \"$@\"";
	char *cmd = malloc(n), **env = child_env_clean(environ);
	struct child_spec spec = { 0 };
	struct pf_error err;
	int status = -1;
	pid_t pid;

	if (!cmd || !env) {
		free(cmd);
		free(env);
		return -1;
	}
	snprintf(cmd, n, "%s \"$@\"", editor);
	{
		char *argv[] = { (char *)"sh", (char *)"-c", cmd, (char *)editor,
		                 (char *)path, NULL };
		spec.path = "/bin/sh";
		spec.argv = argv;
		spec.envp = env;
		memset(&ign, 0, sizeof ign);
		ign.sa_handler = SIG_IGN;
		sigaction(SIGINT, &ign, &old_int);
		sigaction(SIGQUIT, &ign, &old_quit);
		pf_error_clear(&err);
		if (child_spawn(&spec, &pid, NULL, NULL, &err) == 0) {
			while (waitpid(pid, &status, 0) < 0) {
				if (errno != EINTR) {
					status = -1;
					break;
				}
			}
		}
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGQUIT, &old_quit, NULL);
	}
	free(env);
	free(cmd);
	return status;
}

/* Read the whole file (at most UI_EXTEDIT_MAX bytes), never through a
 * symlink and only a regular file. Caller frees. */
static char *read_back(const char *path, struct pf_error *err)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	struct stat st;
	char *buf;
	size_t n = 0;

	if (fd < 0) {
		pf_error_set(err, PF_ERR_IO, "cannot read %s back: %s", path,
		             errno == ELOOP ? "it was replaced by a symbolic link"
		                            : strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		pf_error_set(err, PF_ERR_IO, "cannot read %s back: not a regular "
		             "file", path);
		return NULL;
	}
	buf = malloc(UI_EXTEDIT_MAX + 2);
	if (!buf) {
		close(fd);
		pf_error_set(err, PF_ERR_NOMEM, "out of memory");
		return NULL;
	}
	while (n < UI_EXTEDIT_MAX + 1) {
		ssize_t r = read(fd, buf + n, UI_EXTEDIT_MAX + 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			close(fd);
			free(buf);
			pf_error_set(err, PF_ERR_IO, "cannot read %s back: %s", path,
			             strerror(e));
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (n > UI_EXTEDIT_MAX) {
		free(buf);
		pf_error_set(err, PF_ERR_IO, "the edited bio is over %d bytes",
		             UI_EXTEDIT_MAX);
		return NULL;
	}
	if (n > 0 && buf[n - 1] == '\n')
		n--;
	buf[n] = '\0';
	if (strlen(buf) != n) {
		free(buf);
		pf_error_set(err, PF_ERR_IO, "the edited bio holds a NUL byte");
		return NULL;
	}
	return buf;
}

/* Remove the private directory and what the editor left in it (swap and
 * backup files; nothing below it is followed). */
static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (unlinkat(dirfd(d), e->d_name, 0) != 0 && errno == EISDIR)
			unlinkat(dirfd(d), e->d_name, AT_REMOVEDIR);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

/* See extedit.h. */
int ui_extedit_run(const char *text, char **out, struct pf_error *err)
{
	const char *tmp = getenv("TMPDIR"), *editor = editor_command();
	char dir[4096], path[4096 + 32];
	int fd, status;

	*out = NULL;
	if (!tmp || !*tmp)
		tmp = "/tmp";
	if ((size_t)snprintf(dir, sizeof dir, "%s/profed-XXXXXX", tmp) >= sizeof dir)
		return pf_error_set(err, PF_ERR_IO, "TMPDIR is too long");
	if (!mkdtemp(dir)) /* mode 0700 */
		return pf_error_set(err, PF_ERR_IO, "cannot create a directory in "
		                    "%s: %s", tmp, strerror(errno));
	snprintf(path, sizeof path, "%s/bio.txt", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		int e = errno;
		remove_dir(dir);
		return pf_error_set(err, PF_ERR_IO, "cannot create a file in %s: %s",
		                    dir, strerror(e));
	}
	if (write_all(fd, text) != 0) {
		int e = errno;
		close(fd);
		remove_dir(dir);
		return pf_error_set(err, PF_ERR_IO, "cannot write %s: %s", path,
		                    strerror(e));
	}
	close(fd);
	status = run_editor(editor, path);
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		remove_dir(dir);
		if (status != -1 && WIFEXITED(status))
			return pf_error_set(err, PF_ERR_IO,
			                    "the editor (%s) exited with status %d; "
			                    "the bio is unchanged", editor,
			                    WEXITSTATUS(status));
		return pf_error_set(err, PF_ERR_IO,
		                    "the editor (%s) did not finish; the bio is "
		                    "unchanged", editor);
	}
	*out = read_back(path, err);
	remove_dir(dir);
	return *out ? 0 : -1;
}
