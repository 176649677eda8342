/* extedit.h - edit a text in the person's editor, as git does.
 *
 * The editor is $VISUAL, else $EDITOR, else vi, run through /bin/sh so
 * "code --wait" or "emacs -nw" work. It is started with child_spawn
 * (src/child.h): an environment without WHOP_API_KEY or any other secret,
 * and only fds 0-2 (no API connection, no trace file). No curses here:
 * the caller leaves curses mode before and restores it after.
 */
#ifndef PROFED_UI_EXTEDIT_H
#define PROFED_UI_EXTEDIT_H

#include "error.h"

/* Largest file read back from the editor. */
#define UI_EXTEDIT_MAX (1024 * 1024)

/* Write text to a file (mode 0600) in a private directory made with
 * mkdtemp (mode 0700, under $TMPDIR or /tmp) followed by one newline, run
 * the editor on it and wait, read it back (without following a symlink:
 * an editor that saves by renaming a new file over it works, and no one
 * else can swap it) and drop one final newline, so text that ends with
 * newlines or holds blank lines comes back byte for byte when left alone.
 * The directory and everything the editor left in it are removed. Returns 0 with
 * *out (caller frees), or -1 with err: PF_ERR_IO when the file cannot be
 * written/read, is over UI_EXTEDIT_MAX, or the editor fails (the text is
 * then unchanged). */
int ui_extedit_run(const char *text, char **out, struct pf_error *err);

#endif
