/* extedit.c - the external editor (see extedit.h). */
#include "extedit.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

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
	size_t len = strlen(text);

	while (len > 0) {
		ssize_t k = write(fd, text, len);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		text += k;
		len -= (size_t)k;
	}
	return write(fd, "\n", 1) == 1 ? 0 : -1;
}

/* Run `sh -c 'EDITOR "$@"' EDITOR path` and wait. Interrupts typed at the
 * editor are its business: profed ignores SIGINT/SIGQUIT meanwhile.
 * Returns the wait status, or -1 when it could not be started. */
static int run_editor(const char *editor, const char *path)
{
	struct sigaction ign, old_int, old_quit;
	size_t n = strlen(editor) + sizeof " \"$@\"";
	char *cmd = malloc(n);
	int status = -1;
	pid_t pid;

	if (!cmd)
		return -1;
	snprintf(cmd, n, "%s \"$@\"", editor);
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		execl("/bin/sh", "sh", "-c", cmd, editor, path, (char *)NULL);
		_exit(127);
	}
	if (pid > 0) {
		while (waitpid(pid, &status, 0) < 0) {
			if (errno != EINTR) {
				status = -1;
				break;
			}
		}
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	free(cmd);
	return status;
}

/* Read the whole file (at most UI_EXTEDIT_MAX bytes). Caller frees. */
static char *read_back(const char *path, struct pf_error *err)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	if (!f) {
		pf_error_set(err, PF_ERR_IO, "cannot read %s back: %s", path,
		             strerror(errno));
		return NULL;
	}
	buf = malloc(UI_EXTEDIT_MAX + 2);
	if (!buf) {
		fclose(f);
		pf_error_set(err, PF_ERR_NOMEM, "out of memory");
		return NULL;
	}
	n = fread(buf, 1, UI_EXTEDIT_MAX + 1, f);
	fclose(f);
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

/* See extedit.h. */
int ui_extedit_run(const char *text, char **out, struct pf_error *err)
{
	const char *dir = getenv("TMPDIR"), *editor = editor_command();
	char path[4096];
	int fd, status;

	*out = NULL;
	if (!dir || !*dir)
		dir = "/tmp";
	if ((size_t)snprintf(path, sizeof path, "%s/profed-bio-XXXXXX.txt", dir)
	    >= sizeof path)
		return pf_error_set(err, PF_ERR_IO, "TMPDIR is too long");
	fd = mkstemps(path, 4);
	if (fd < 0)
		return pf_error_set(err, PF_ERR_IO, "cannot create a file in %s: %s",
		                    dir, strerror(errno));
	if (write_all(fd, text) != 0) {
		int e = errno;
		close(fd);
		unlink(path);
		return pf_error_set(err, PF_ERR_IO, "cannot write %s: %s", path,
		                    strerror(e));
	}
	close(fd);
	status = run_editor(editor, path);
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		unlink(path);
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
	unlink(path);
	return *out ? 0 : -1;
}
