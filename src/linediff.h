/* linediff.h - a line diff of two texts, for the confirmation before a
 * submit: which lines of the old text go, which of the new come, which
 * stay. Longest common subsequence over lines; texts too large for that
 * (more than LINEDIFF_MAX_CELLS line pairs) are shown as all old lines
 * removed and all new ones added, which is still exact, only longer.
 */
#ifndef PROFED_LINEDIFF_H
#define PROFED_LINEDIFF_H

#include <stddef.h>

#define LINEDIFF_MAX_CELLS (4u * 1024u * 1024u)

enum linediff_op { LINEDIFF_SAME, LINEDIFF_DEL, LINEDIFF_ADD };

/* One line of the diff: op and the line (start, length in bytes, without
 * its '\n') inside the old text (SAME, DEL) or the new one (ADD). */
struct linediff_line {
	enum linediff_op op;
	const char *start;
	size_t len;
};

/* The diff of old and new (NULL counts as ""), in order. *out (caller
 * frees) points into old and new, which must outlive it. Returns the
 * number of lines, or -1 out of memory. A text is split at '\n'; a
 * final '\n' ends its last line ("a\n" is one line, "a\n\n" two). */
long linediff(const char *old, const char *new, struct linediff_line **out);

#endif
