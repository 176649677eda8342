/* cmd.h - the support commands of command mode (issues 10 and 11):
 * `profed find`, `history`, `access` and `log`, one module each
 * (cmd_find.c, cmd_history.c, cmd_access.c, cmd_log.c) plus the helpers
 * they share (cmd_common.c).
 *
 * Like cli.c these are command mode's presentation layer: they write
 * results to out and messages to errout (every error through
 * pf_error_report and so pf_error_sentence, the one formatter) and return an exit code of enum
 * pf_exit. Requests go only through support.h (support_get_sync and the
 * support_*_path builders) and api.h's user GET; pages are parsed by
 * members.h and printed by listfmt.h, so server text is sanitised before
 * it reaches the terminal. The audit trail is read through audit.h.
 *
 * main.c fills struct cmd_args from the command line (options.c's
 * tables) and calls the command; the commands check their own arguments
 * (exit 2 for a usage error) before anything is sent.
 */
#ifndef PROFED_CMD_H
#define PROFED_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "error.h"

struct config;
struct page_info;

#define CMD_FIND_LIMIT 20        /* find's --limit by default */
#define CMD_HISTORY_LIMIT 50     /* history's --limit by default */
#define CMD_LIMIT_MAX 10000      /* the most --limit takes */

enum cmd_format { CMD_TABLE, CMD_JSON, CMD_JSONL, CMD_CSV };

struct cmd_args {
	const char *user;          /* history, access: USER; NULL: not given */
	const char *const *args;   /* the arguments after the command (find:
	                              QUERY words; access: RESOURCEs) */
	size_t n_args;
	enum cmd_format format;    /* --json, --jsonl, --csv */
	int n_formats;             /* how many of those were given */
	bool members, users;       /* find --members / --users */
	const char *status;        /* find --status */
	const char *access_level;  /* find --access */
	const char *limit;         /* --limit as given, NULL: the default */
	bool show_phone;           /* find --show-phone */
	const char *log_user;      /* log --user */
	const char *since, *until; /* log --since / --until */
	size_t width;              /* the table's width; 0: no limit */
};

int cmd_find(const struct config *cfg, const struct cmd_args *a, FILE *out,
             FILE *errout);
int cmd_history(const struct config *cfg, const struct cmd_args *a,
                FILE *out, FILE *errout);
int cmd_access(const struct config *cfg, const struct cmd_args *a,
               FILE *out, FILE *errout);
/* log reads the trail in dir (NULL: the default, audit.h). */
int cmd_log(const struct config *cfg, const struct cmd_args *a,
            const char *dir, FILE *out, FILE *errout);

/* ---- shared helpers (cmd_common.c); pure unless said */

/* --limit: text NULL gives dflt; else a whole number 1..CMD_LIMIT_MAX
 * (no sign, no spaces, no suffix). 0 with *n, or -1 with err
 * (PF_ERR_USAGE). */
int cmd_parse_limit(const char *text, size_t dflt, size_t *n,
                    struct pf_error *err);

/* The `first` of the next page: what is still wanted, at most max (the
 * endpoint's most), never 0 while something is wanted. */
size_t cmd_page_first(size_t wanted, size_t have, size_t max);

/* Move the first take of the n items (size bytes each) at items to dst
 * (room for take of them), and the other n - take to the front of items:
 * how find and history keep what they need of a page, leaving the rest
 * to the page's free. take <= n. */
void cmd_take_front(void *dst, void *items, size_t n, size_t take,
                    size_t size);

/* After a page of got items with info, read with the cursor *after
 * (NULL: the first page): 1 to ask for the next one, *after then its
 * cursor (the old one freed); 0 at the last page: nothing got, no more
 * (members_page_more) or the cursor asked with again (a server going
 * round in circles); -1 out of memory, with err. */
int cmd_next_page(char **after, size_t got, const struct page_info *info,
                  struct pf_error *err);

/* The words joined by single spaces (find's QUERY typed unquoted);
 * caller frees; NULL out of memory or when there are none. */
char *cmd_join_words(const char *const *words, size_t n);

/* Whether text is one of the '|'-separated choices ("joined|left"). */
bool cmd_one_of(const char *text, const char *choices);

/* A member's JSON item without its phone_number (personal data shown
 * only when asked): json itself (not copied) when it has none or it is
 * null; else a new compact text in *owned (caller frees). NULL out of
 * memory. */
const char *cmd_json_without_phone(const char *json, char **owned);

/* Name the operation that failed in err->what ("search the members of
 * biz_…"), for the formatter's "Could not WHAT: ..."; the request engine
 * names only the path. The formatter sanitises it. */
void cmd_set_what(struct pf_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The width of the terminal on fd, 0 when fd is not a terminal (I/O:
 * an ioctl). */
size_t cmd_terminal_width(int fd);

#endif
