/* osc52.h - the OSC 52 "set the clipboard" sequence (pure: no I/O).
 *
 *   plain:  ESC ] 5 2 ; c ; BASE64 BEL
 *   tmux:   ESC P t m u x ; ESC ESC ] 5 2 ; c ; BASE64 BEL ESC \
 *
 * Inside tmux ($TMUX set) a program's OSC 52 reaches the outer terminal
 * only through tmux's passthrough: the sequence is wrapped in a DCS
 * "tmux;" string with every ESC inside doubled. tmux passes it on when
 * `allow-passthrough` is on (tmux 3.3+); `set-clipboard on` lets tmux
 * keep and forward the clipboard itself (docs/editor.md, "Copy").
 * BASE64 is the standard alphabet with padding.
 */
#ifndef PROFED_OSC52_H
#define PROFED_OSC52_H

#include <stdbool.h>
#include <stddef.h>

/* Texts longer than this are not copied (terminals drop larger ones). */
#define OSC52_MAX_TEXT 8192

/* The sequence copying text[0..strlen) into the clipboard, wrapped for
 * tmux when tmux. Caller frees; *len (may be NULL) gets its length.
 * NULL for NULL or empty text, text over OSC52_MAX_TEXT bytes, or out of
 * memory. */
char *osc52_sequence(const char *text, bool tmux, size_t *len);

/* Standard base64 of in[0..n) with padding, NUL-terminated. Caller frees;
 * NULL out of memory. */
char *osc52_base64(const unsigned char *in, size_t n);

#endif
