/* text.h - UTF-8 text for the terminal: validity, display width,
 * truncation and sanitising. No curses, no locale dependence: widths come
 * from our own wcwidth-compatible tables (East Asian Wide/Fullwidth and
 * emoji are 2 columns, combining marks and zero-width characters 0).
 *
 * All functions accept NULL input and treat it as "".
 */
#ifndef PROFED_TEXT_H
#define PROFED_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strbuf;

/* True when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates, no
 * code points above U+10FFFF). */
bool text_utf8_valid(const char *s, size_t n);

/* Decode one code point at s (at most n bytes). Returns the number of bytes
 * consumed (>= 1 when n >= 1) and stores the code point (cp may be NULL);
 * an invalid sequence consumes 1 byte and yields 0xFFFD. Returns 0 when
 * n == 0, leaving *cp untouched. */
size_t text_utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Encode cp into out (at least 4 bytes). Returns bytes written (0 for an
 * invalid code point: a surrogate or above U+10FFFF). */
size_t text_utf8_encode(uint32_t cp, char *out);

/* Number of code points (characters, not bytes) in a NUL-terminated string;
 * invalid bytes count one each. */
size_t text_char_count(const char *s);

/* Columns one code point takes: 0, 1 or 2 (control characters: 0;
 * surrogates and values above U+10FFFF: 1, like the U+FFFD shown for
 * them). Per code point, like wcwidth(): a ZWJ emoji sequence measures as
 * the sum of its parts. */
int text_cp_width(uint32_t cp);

/* Extended grapheme clusters (UAX #29, the Unicode 15.0 rules GB3..GB13):
 * what a person sees as one character and an editor steps over as one,
 * e.g. CR LF; a letter and its combining marks; an emoji with VS16 or a
 * skin-tone modifier; a ZWJ sequence of Extended_Pictographic (👩‍💻); a
 * pair of regional indicators (a flag); a Hangul L V T syllable; Prepend
 * and SpacingMark with their base. Controls are clusters of their own, and
 * so is every invalid UTF-8 byte (decoded as text_utf8_decode does).
 *
 * s[0..len) is the text (NULL is ""); off is a byte offset on a character
 * start, clamped to len. text_grapheme_next gives the end of the cluster
 * that starts at off (len at the end; off itself only when off >= len);
 * text_grapheme_prev the start of the cluster that ends at off (0 at the
 * start). Both run in time proportional to the clusters' length (and a
 * run of regional indicators before off); they never allocate. */
size_t text_grapheme_next(const char *s, size_t len, size_t off);
size_t text_grapheme_prev(const char *s, size_t len, size_t off);

/* Columns one cluster s[0..len) takes as terminals draw it: an emoji
 * sequence (ZWJ sequence, flag, emoji with a skin-tone modifier, emoji or
 * keycap with VS16) is 2; otherwise the sum of text_cp_width over its code
 * points (combining marks 0, controls 0, an invalid byte 1), so a Hangul
 * L V T syllable is 2. VS15 (text presentation) changes nothing: terminals
 * keep drawing a wide emoji wide. NULL or empty: 0. */
int text_grapheme_width(const char *s, size_t len);

/* Columns the sanitised form of s (flags 0) takes on a terminal; does not
 * allocate. */
size_t text_width(const char *s);

/* A copy of s, or NULL for NULL; sets *oom (never clears it) when s was
 * there but could not be copied. */
char *text_dup(const char *s, bool *oom);

/* Sanitise for display. Returns a newly allocated string (caller frees;
 * NULL only when out of memory) where:
 *   - invalid UTF-8 bytes become U+FFFD;
 *   - ESC becomes "^[" and other C0 controls and DEL become "^X" (caret
 *     notation); C1 controls (U+0080..U+009F) become U+FFFD; so an escape
 *     sequence is shown as inert text and never reaches the terminal;
 *   - bidi overrides/isolates (U+202A..U+202E, U+2066..U+2069) become U+FFFD;
 *   - with TEXT_KEEP_NEWLINES, '\n' is kept as is; otherwise it becomes the
 *     visible symbol U+21B5 (↵); '\t' becomes one space unless
 *     TEXT_KEEP_TABS. */
enum { TEXT_KEEP_NEWLINES = 1, TEXT_KEEP_TABS = 2 };
char *text_sanitize(const char *s, int flags);

/* Sanitise and cut to at most max_cols columns. When the text does not fit,
 * it ends with "…" (U+2026, one column) inside the limit; a wide character
 * never straddles the limit (the result is then one column short), caret
 * notation is never split, and a joiner left dangling before the "…" is
 * dropped. Newlines are shown as ↵. Caller frees; NULL only when out of
 * memory. max_cols 0 gives "". */
char *text_truncate(const char *s, size_t max_cols);

/* Same, but pads with spaces to exactly max_cols columns. */
char *text_fit(const char *s, size_t max_cols);

/* Whether word is one of the words of list, which seps (a set of
 * characters, as strcspn takes) separate: "find" in "show find", "left"
 * in "joined|left". Exact bytes; NULL or "" is never one. */
bool text_word_in(const char *word, const char *list, const char *seps);

/* A value as every old -> new list shows it (the confirmation, the
 * conflict and draft dialogs, `profed set`): "(empty)" for "", else s
 * from byte offset start (a character start; "…" before it when start >
 * 0), sanitised with newlines shown as ↵, cut to max_cols columns (0: no
 * limit). Caller frees; NULL only when out of memory. */
char *text_diff_value(const char *s, size_t start, size_t max_cols);

/* Append "<prefix><text_diff_value(v, 0, max_cols)>\n" to sb. Returns 0,
 * or -1 out of memory. */
int text_append_diff_value(struct strbuf *sb, const char *prefix,
                           const char *v, size_t max_cols);

#endif
