/* stub_main.c - profed-stub: the stub as a standalone server.
 *
 * Prints its base URL as the first line of stdout, then serves until
 * SIGINT or SIGTERM. The journal, faults and data are reachable over HTTP
 * under /_stub/ (docs/stub.md).
 */
#include "stub.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
	fputs("usage: profed-stub [--port N] [--fixtures DIR] [--people N]\n"
	      "                   [--hostile] [--quiet]\n"
	      "Serve a local stand-in for the users API on 127.0.0.1 and print\n"
	      "its base URL on the first line. Stop with SIGINT or SIGTERM.\n"
	      "--people N: generated demo people, each a member of the demo\n"
	      "business (default 1200; 0 for the seeded five only).\n"
	      "--hostile: add users with hostile names (CSV, escapes, bidi).\n",
	      out);
}

/* Parse a count 0..100000; false when malformed. */
static bool parse_count(const char *text, size_t *n)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(text, &end, 10);
	if (errno || end == text || *end || v > 100000 || text[0] == '-')
		return false;
	*n = (size_t)v;
	return true;
}

/* Parse a port number 0..65535; false when malformed. */
static bool parse_port(const char *text, unsigned short *port)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(text, &end, 10);
	if (errno || end == text || *end || v > 65535 || text[0] == '-')
		return false;
	*port = (unsigned short)v;
	return true;
}

int main(int argc, char **argv)
{
	struct stub_opts opts = { .quiet = false, .people = 1200 };
	struct stub *s;
	sigset_t stop;
	int sig;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--quiet") == 0) {
			opts.quiet = true;
		} else if (strcmp(argv[i], "--port") == 0 && i + 1 < argc &&
			   parse_port(argv[i + 1], &opts.port)) {
			i++;
		} else if (strcmp(argv[i], "--people") == 0 && i + 1 < argc &&
			   parse_count(argv[i + 1], &opts.people)) {
			i++;
		} else if (strcmp(argv[i], "--hostile") == 0) {
			opts.hostile = true;
		} else if (strcmp(argv[i], "--fixtures") == 0 && i + 1 < argc) {
			opts.fixtures_dir = argv[++i];
		} else if (strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "profed-stub: bad argument '%s'\n", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	/* Blocked before the server threads exist, so they inherit the mask
	 * and only sigwait below sees the signals. SIG_DFL first: a shell
	 * starts background jobs with SIGINT ignored, and an ignored signal
	 * never reaches sigwait. */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	s = stub_start(&opts);
	if (!s)
		return 1;
	printf("%s\n", stub_base_url(s));
	fflush(stdout);
	sigwait(&stop, &sig);
	stub_stop(s);
	return 0;
}
