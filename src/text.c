/* text.c - UTF-8 text for the terminal: strict decoding, display width from
 * our own tables, sanitising and truncation. See text.h for the contracts.
 *
 * Widths never come from the process locale or libc wcwidth(): the same
 * string must lay out the same on every machine, and the server decides
 * what bytes we get, not the user's LANG. Widths are per code point, as
 * wcwidth() and therefore ncurses count them, so our layout agrees with
 * where ncurses puts the cursor: a ZWJ emoji sequence is the sum of its
 * parts (the joiner itself is 0). A terminal that draws such a sequence as
 * one glyph leaves blank columns after it; it never overflows. Grapheme
 * clusters (text_grapheme_*) are what the cursor steps over; their width
 * as a terminal draws them is text_grapheme_width.
 */
#include "text.h"

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

#define TEXT_REPLACEMENT 0xFFFDu /* U+FFFD, shown for anything unsafe */
#define TEXT_RETURN_SYMBOL 0x21B5u /* U+21B5, a visible newline */
#define TEXT_ELLIPSIS 0x2026u /* U+2026, one column */
#define TEXT_ZWJ 0x200Du

struct text_range {
	uint32_t first;
	uint32_t last;
};

/* The two tables below were generated from Unicode 14.0 (Python's
 * unicodedata), with adjacent ranges joined when only unassigned code
 * points lie between them (future characters in such a gap are almost
 * always of the same kind).
 *
 * Zero columns: General_Category Mn, Me and Cf (combining marks, variation
 * selectors U+FE00..FE0F and U+E0100..E01EF, ZWJ/ZWNJ, tag characters)
 * except U+00AD SOFT HYPHEN, which terminals draw; plus the Hangul Jamo
 * medial vowels and final consonants (U+1160..11FF, U+D7B0..D7FF), which
 * join the preceding initial consonant into one wide syllable. */
static const struct text_range text_zero_width[] = {
	{0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD},
	{0x05BF, 0x05BF}, {0x05C1, 0x05C2}, {0x05C4, 0x05C5},
	{0x05C7, 0x05C7}, {0x0600, 0x0605}, {0x0610, 0x061A},
	{0x061C, 0x061C}, {0x064B, 0x065F}, {0x0670, 0x0670},
	{0x06D6, 0x06DD}, {0x06DF, 0x06E4}, {0x06E7, 0x06E8},
	{0x06EA, 0x06ED}, {0x070F, 0x070F}, {0x0711, 0x0711},
	{0x0730, 0x074A}, {0x07A6, 0x07B0}, {0x07EB, 0x07F3},
	{0x07FD, 0x07FD}, {0x0816, 0x0819}, {0x081B, 0x0823},
	{0x0825, 0x0827}, {0x0829, 0x082D}, {0x0859, 0x085B},
	{0x0890, 0x089F}, {0x08CA, 0x0902}, {0x093A, 0x093A},
	{0x093C, 0x093C}, {0x0941, 0x0948}, {0x094D, 0x094D},
	{0x0951, 0x0957}, {0x0962, 0x0963}, {0x0981, 0x0981},
	{0x09BC, 0x09BC}, {0x09C1, 0x09C4}, {0x09CD, 0x09CD},
	{0x09E2, 0x09E3}, {0x09FE, 0x0A02}, {0x0A3C, 0x0A3C},
	{0x0A41, 0x0A51}, {0x0A70, 0x0A71}, {0x0A75, 0x0A75},
	{0x0A81, 0x0A82}, {0x0ABC, 0x0ABC}, {0x0AC1, 0x0AC8},
	{0x0ACD, 0x0ACD}, {0x0AE2, 0x0AE3}, {0x0AFA, 0x0B01},
	{0x0B3C, 0x0B3C}, {0x0B3F, 0x0B3F}, {0x0B41, 0x0B44},
	{0x0B4D, 0x0B56}, {0x0B62, 0x0B63}, {0x0B82, 0x0B82},
	{0x0BC0, 0x0BC0}, {0x0BCD, 0x0BCD}, {0x0C00, 0x0C00},
	{0x0C04, 0x0C04}, {0x0C3C, 0x0C3C}, {0x0C3E, 0x0C40},
	{0x0C46, 0x0C56}, {0x0C62, 0x0C63}, {0x0C81, 0x0C81},
	{0x0CBC, 0x0CBC}, {0x0CBF, 0x0CBF}, {0x0CC6, 0x0CC6},
	{0x0CCC, 0x0CCD}, {0x0CE2, 0x0CE3}, {0x0D00, 0x0D01},
	{0x0D3B, 0x0D3C}, {0x0D41, 0x0D44}, {0x0D4D, 0x0D4D},
	{0x0D62, 0x0D63}, {0x0D81, 0x0D81}, {0x0DCA, 0x0DCA},
	{0x0DD2, 0x0DD6}, {0x0E31, 0x0E31}, {0x0E34, 0x0E3A},
	{0x0E47, 0x0E4E}, {0x0EB1, 0x0EB1}, {0x0EB4, 0x0EBC},
	{0x0EC8, 0x0ECD}, {0x0F18, 0x0F19}, {0x0F35, 0x0F35},
	{0x0F37, 0x0F37}, {0x0F39, 0x0F39}, {0x0F71, 0x0F7E},
	{0x0F80, 0x0F84}, {0x0F86, 0x0F87}, {0x0F8D, 0x0FBC},
	{0x0FC6, 0x0FC6}, {0x102D, 0x1030}, {0x1032, 0x1037},
	{0x1039, 0x103A}, {0x103D, 0x103E}, {0x1058, 0x1059},
	{0x105E, 0x1060}, {0x1071, 0x1074}, {0x1082, 0x1082},
	{0x1085, 0x1086}, {0x108D, 0x108D}, {0x109D, 0x109D},
	{0x1160, 0x11FF}, {0x135D, 0x135F}, {0x1712, 0x1714},
	{0x1732, 0x1733}, {0x1752, 0x1753}, {0x1772, 0x1773},
	{0x17B4, 0x17B5}, {0x17B7, 0x17BD}, {0x17C6, 0x17C6},
	{0x17C9, 0x17D3}, {0x17DD, 0x17DD}, {0x180B, 0x180F},
	{0x1885, 0x1886}, {0x18A9, 0x18A9}, {0x1920, 0x1922},
	{0x1927, 0x1928}, {0x1932, 0x1932}, {0x1939, 0x193B},
	{0x1A17, 0x1A18}, {0x1A1B, 0x1A1B}, {0x1A56, 0x1A56},
	{0x1A58, 0x1A60}, {0x1A62, 0x1A62}, {0x1A65, 0x1A6C},
	{0x1A73, 0x1A7F}, {0x1AB0, 0x1B03}, {0x1B34, 0x1B34},
	{0x1B36, 0x1B3A}, {0x1B3C, 0x1B3C}, {0x1B42, 0x1B42},
	{0x1B6B, 0x1B73}, {0x1B80, 0x1B81}, {0x1BA2, 0x1BA5},
	{0x1BA8, 0x1BA9}, {0x1BAB, 0x1BAD}, {0x1BE6, 0x1BE6},
	{0x1BE8, 0x1BE9}, {0x1BED, 0x1BED}, {0x1BEF, 0x1BF1},
	{0x1C2C, 0x1C33}, {0x1C36, 0x1C37}, {0x1CD0, 0x1CD2},
	{0x1CD4, 0x1CE0}, {0x1CE2, 0x1CE8}, {0x1CED, 0x1CED},
	{0x1CF4, 0x1CF4}, {0x1CF8, 0x1CF9}, {0x1DC0, 0x1DFF},
	{0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x206F},
	{0x20D0, 0x20F0}, {0x2CEF, 0x2CF1}, {0x2D7F, 0x2D7F},
	{0x2DE0, 0x2DFF}, {0x302A, 0x302D}, {0x3099, 0x309A},
	{0xA66F, 0xA672}, {0xA674, 0xA67D}, {0xA69E, 0xA69F},
	{0xA6F0, 0xA6F1}, {0xA802, 0xA802}, {0xA806, 0xA806},
	{0xA80B, 0xA80B}, {0xA825, 0xA826}, {0xA82C, 0xA82C},
	{0xA8C4, 0xA8C5}, {0xA8E0, 0xA8F1}, {0xA8FF, 0xA8FF},
	{0xA926, 0xA92D}, {0xA947, 0xA951}, {0xA980, 0xA982},
	{0xA9B3, 0xA9B3}, {0xA9B6, 0xA9B9}, {0xA9BC, 0xA9BD},
	{0xA9E5, 0xA9E5}, {0xAA29, 0xAA2E}, {0xAA31, 0xAA32},
	{0xAA35, 0xAA36}, {0xAA43, 0xAA43}, {0xAA4C, 0xAA4C},
	{0xAA7C, 0xAA7C}, {0xAAB0, 0xAAB0}, {0xAAB2, 0xAAB4},
	{0xAAB7, 0xAAB8}, {0xAABE, 0xAABF}, {0xAAC1, 0xAAC1},
	{0xAAEC, 0xAAED}, {0xAAF6, 0xAAF6}, {0xABE5, 0xABE5},
	{0xABE8, 0xABE8}, {0xABED, 0xABED}, {0xD7B0, 0xD7FF},
	{0xFB1E, 0xFB1E}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F},
	{0xFEFF, 0xFEFF}, {0xFFF9, 0xFFFB}, {0x101FD, 0x101FD},
	{0x102E0, 0x102E0}, {0x10376, 0x1037A}, {0x10A01, 0x10A0F},
	{0x10A38, 0x10A3F}, {0x10AE5, 0x10AE6}, {0x10D24, 0x10D27},
	{0x10EAB, 0x10EAC}, {0x10F46, 0x10F50}, {0x10F82, 0x10F85},
	{0x11001, 0x11001}, {0x11038, 0x11046}, {0x11070, 0x11070},
	{0x11073, 0x11074}, {0x1107F, 0x11081}, {0x110B3, 0x110B6},
	{0x110B9, 0x110BA}, {0x110BD, 0x110BD}, {0x110C2, 0x110CD},
	{0x11100, 0x11102}, {0x11127, 0x1112B}, {0x1112D, 0x11134},
	{0x11173, 0x11173}, {0x11180, 0x11181}, {0x111B6, 0x111BE},
	{0x111C9, 0x111CC}, {0x111CF, 0x111CF}, {0x1122F, 0x11231},
	{0x11234, 0x11234}, {0x11236, 0x11237}, {0x1123E, 0x1123E},
	{0x112DF, 0x112DF}, {0x112E3, 0x112EA}, {0x11300, 0x11301},
	{0x1133B, 0x1133C}, {0x11340, 0x11340}, {0x11366, 0x11374},
	{0x11438, 0x1143F}, {0x11442, 0x11444}, {0x11446, 0x11446},
	{0x1145E, 0x1145E}, {0x114B3, 0x114B8}, {0x114BA, 0x114BA},
	{0x114BF, 0x114C0}, {0x114C2, 0x114C3}, {0x115B2, 0x115B5},
	{0x115BC, 0x115BD}, {0x115BF, 0x115C0}, {0x115DC, 0x115DD},
	{0x11633, 0x1163A}, {0x1163D, 0x1163D}, {0x1163F, 0x11640},
	{0x116AB, 0x116AB}, {0x116AD, 0x116AD}, {0x116B0, 0x116B5},
	{0x116B7, 0x116B7}, {0x1171D, 0x1171F}, {0x11722, 0x11725},
	{0x11727, 0x1172B}, {0x1182F, 0x11837}, {0x11839, 0x1183A},
	{0x1193B, 0x1193C}, {0x1193E, 0x1193E}, {0x11943, 0x11943},
	{0x119D4, 0x119DB}, {0x119E0, 0x119E0}, {0x11A01, 0x11A0A},
	{0x11A33, 0x11A38}, {0x11A3B, 0x11A3E}, {0x11A47, 0x11A47},
	{0x11A51, 0x11A56}, {0x11A59, 0x11A5B}, {0x11A8A, 0x11A96},
	{0x11A98, 0x11A99}, {0x11C30, 0x11C3D}, {0x11C3F, 0x11C3F},
	{0x11C92, 0x11CA7}, {0x11CAA, 0x11CB0}, {0x11CB2, 0x11CB3},
	{0x11CB5, 0x11CB6}, {0x11D31, 0x11D45}, {0x11D47, 0x11D47},
	{0x11D90, 0x11D91}, {0x11D95, 0x11D95}, {0x11D97, 0x11D97},
	{0x11EF3, 0x11EF4}, {0x13430, 0x13438}, {0x16AF0, 0x16AF4},
	{0x16B30, 0x16B36}, {0x16F4F, 0x16F4F}, {0x16F8F, 0x16F92},
	{0x16FE4, 0x16FE4}, {0x1BC9D, 0x1BC9E}, {0x1BCA0, 0x1CF46},
	{0x1D167, 0x1D169}, {0x1D173, 0x1D182}, {0x1D185, 0x1D18B},
	{0x1D1AA, 0x1D1AD}, {0x1D242, 0x1D244}, {0x1DA00, 0x1DA36},
	{0x1DA3B, 0x1DA6C}, {0x1DA75, 0x1DA75}, {0x1DA84, 0x1DA84},
	{0x1DA9B, 0x1DAAF}, {0x1E000, 0x1E02A}, {0x1E130, 0x1E136},
	{0x1E2AE, 0x1E2AE}, {0x1E2EC, 0x1E2EF}, {0x1E8D0, 0x1E8D6},
	{0x1E944, 0x1E94A}, {0xE0001, 0xE01EF}
};

/* Two columns: East_Asian_Width W or F (CJK, Hangul syllables, fullwidth
 * forms and, since Unicode 9, every emoji with default emoji presentation),
 * plus the unassigned code points Unicode says default to W (the CJK
 * ideograph blocks, planes 2 and 3) and the rest of the emoji block
 * U+1FA70..1FAFF, where new emoji keep arriving. */
static const struct text_range text_wide[] = {
	{0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A},
	{0x23E9, 0x23EC}, {0x23F0, 0x23F0}, {0x23F3, 0x23F3},
	{0x25FD, 0x25FE}, {0x2614, 0x2615}, {0x2648, 0x2653},
	{0x267F, 0x267F}, {0x2693, 0x2693}, {0x26A1, 0x26A1},
	{0x26AA, 0x26AB}, {0x26BD, 0x26BE}, {0x26C4, 0x26C5},
	{0x26CE, 0x26CE}, {0x26D4, 0x26D4}, {0x26EA, 0x26EA},
	{0x26F2, 0x26F3}, {0x26F5, 0x26F5}, {0x26FA, 0x26FA},
	{0x26FD, 0x26FD}, {0x2705, 0x2705}, {0x270A, 0x270B},
	{0x2728, 0x2728}, {0x274C, 0x274C}, {0x274E, 0x274E},
	{0x2753, 0x2755}, {0x2757, 0x2757}, {0x2795, 0x2797},
	{0x27B0, 0x27B0}, {0x27BF, 0x27BF}, {0x2B1B, 0x2B1C},
	{0x2B50, 0x2B50}, {0x2B55, 0x2B55}, {0x2E80, 0x303E},
	{0x3041, 0x3247}, {0x3250, 0x4DBF}, {0x4E00, 0xA4C6},
	{0xA960, 0xA97C}, {0xAC00, 0xD7A3}, {0xF900, 0xFAFF},
	{0xFE10, 0xFE19}, {0xFE30, 0xFE6B}, {0xFF01, 0xFF60},
	{0xFFE0, 0xFFE6}, {0x16FE0, 0x1B2FB}, {0x1F004, 0x1F004},
	{0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A},
	{0x1F200, 0x1F320}, {0x1F32D, 0x1F335}, {0x1F337, 0x1F37C},
	{0x1F37E, 0x1F393}, {0x1F3A0, 0x1F3CA}, {0x1F3CF, 0x1F3D3},
	{0x1F3E0, 0x1F3F0}, {0x1F3F4, 0x1F3F4}, {0x1F3F8, 0x1F43E},
	{0x1F440, 0x1F440}, {0x1F442, 0x1F4FC}, {0x1F4FF, 0x1F53D},
	{0x1F54B, 0x1F54E}, {0x1F550, 0x1F567}, {0x1F57A, 0x1F57A},
	{0x1F595, 0x1F596}, {0x1F5A4, 0x1F5A4}, {0x1F5FB, 0x1F64F},
	{0x1F680, 0x1F6C5}, {0x1F6CC, 0x1F6CC}, {0x1F6D0, 0x1F6D2},
	{0x1F6D5, 0x1F6DF}, {0x1F6EB, 0x1F6EC}, {0x1F6F4, 0x1F6FC},
	{0x1F7E0, 0x1F7F0}, {0x1F90C, 0x1F93A}, {0x1F93C, 0x1F945},
	{0x1F947, 0x1F9FF}, {0x1FA70, 0x1FAFF}, {0x20000, 0x3FFFD}
};

/* True when cp lies in one of the n sorted, disjoint ranges. Binary
 * search: the tables are a few hundred entries and this runs per
 * character of everything drawn. */
static bool text_in_table(uint32_t cp, const struct text_range *table,
			  size_t n)
{
	size_t lo = 0;
	size_t hi = n;

	if (n == 0 || cp < table[0].first || cp > table[n - 1].last)
		return false;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp < table[mid].first)
			hi = mid;
		else if (cp > table[mid].last)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

/* Decode one strict UTF-8 sequence from s[0..n), n >= 1. Overlongs,
 * surrogates, code points above U+10FFFF, stray continuation bytes and
 * sequences cut short are invalid: then exactly one byte is consumed,
 * *cp is U+FFFD and *valid is false, so the caller resynchronises on the
 * next byte. */
static size_t text_decode_one(const unsigned char *s, size_t n, uint32_t *cp,
			      bool *valid)
{
	unsigned char lead = s[0];
	unsigned char second_min = 0x80;
	unsigned char second_max = 0xBF;
	uint32_t c;
	size_t len;

	if (lead < 0x80) {
		*cp = lead;
		*valid = true;
		return 1;
	}
	if (lead >= 0xC2 && lead <= 0xDF) {
		len = 2;
		c = lead & 0x1Fu;
	} else if (lead >= 0xE0 && lead <= 0xEF) {
		len = 3;
		c = lead & 0x0Fu;
		if (lead == 0xE0)
			second_min = 0xA0; /* shorter form exists: overlong */
		else if (lead == 0xED)
			second_max = 0x9F; /* U+D800..DFFF: surrogates */
	} else if (lead >= 0xF0 && lead <= 0xF4) {
		len = 4;
		c = lead & 0x07u;
		if (lead == 0xF0)
			second_min = 0x90; /* overlong */
		else if (lead == 0xF4)
			second_max = 0x8F; /* above U+10FFFF */
	} else {
		goto invalid; /* continuation, overlong C0/C1 lead, F5..FF */
	}
	if (n < len)
		goto invalid;
	for (size_t i = 1; i < len; i++) {
		unsigned char min = i == 1 ? second_min : 0x80;
		unsigned char max = i == 1 ? second_max : 0xBF;

		if (s[i] < min || s[i] > max)
			goto invalid;
		c = (c << 6) | (s[i] & 0x3Fu);
	}
	*cp = c;
	*valid = true;
	return len;
invalid:
	*cp = TEXT_REPLACEMENT;
	*valid = false;
	return 1;
}

/* Validity of s[0..n); see text.h. */
bool text_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	if (!s)
		return n == 0;
	while (i < n) {
		uint32_t cp;
		bool valid;

		i += text_decode_one(p + i, n - i, &cp, &valid);
		if (!valid)
			return false;
	}
	return true;
}

/* Decode one code point; see text.h. A NULL cp is allowed (the length
 * alone is wanted). NULL s is "" and yields 0. */
size_t text_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	uint32_t c;
	bool valid;
	size_t len;

	if (!s || n == 0)
		return 0;
	len = text_decode_one((const unsigned char *)s, n, &c, &valid);
	if (cp)
		*cp = c;
	return len;
}

/* Encode one code point; see text.h. Surrogates and values above
 * U+10FFFF (and a NULL out) give 0 and write nothing. */
size_t text_utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (!out || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Count code points; each invalid byte counts as one. NULL gives 0. */
size_t text_char_count(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	size_t i = 0;
	size_t count = 0;

	while (i < n) {
		i += text_utf8_decode(s + i, n - i, NULL);
		count++;
	}
	return count;
}

/* Columns for one code point. Controls (C0, DEL, C1) are 0 because they
 * draw nothing themselves; code points that cannot exist (surrogates,
 * above U+10FFFF) are 1, the width of the U+FFFD shown for them. */
int text_cp_width(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
		return 0;
	if (cp < 0x300)
		return 1; /* nothing below the combining diacritics is 0 or 2 */
	if (text_in_table(cp, text_zero_width,
			  sizeof text_zero_width / sizeof text_zero_width[0]))
		return 0;
	if (text_in_table(cp, text_wide,
			  sizeof text_wide / sizeof text_wide[0]))
		return 2;
	return 1;
}

/* Grapheme_Cluster_Break values (UAX #29), plus Extended_Pictographic,
 * which no code point with another value has (tools/gen-grapheme-table
 * checks it). An invalid byte counts as CONTROL: a cluster of its own. */
enum text_gb {
	TEXT_GB_OTHER = 0,
	TEXT_GB_CR,
	TEXT_GB_LF,
	TEXT_GB_CONTROL,
	TEXT_GB_EXTEND,
	TEXT_GB_ZWJ,
	TEXT_GB_RI,
	TEXT_GB_PREPEND,
	TEXT_GB_SPACING_MARK,
	TEXT_GB_L,
	TEXT_GB_V,
	TEXT_GB_T,
	TEXT_GB_LV,
	TEXT_GB_LVT,
	TEXT_GB_EXT_PICT,
};

struct text_gb_range {
	uint32_t first;
	unsigned int last : 24;
	unsigned int prop : 8; /* enum text_gb */
};

#include "text_gb_table.h"

#define TEXT_HANGUL_FIRST 0xAC00u /* the precomposed syllables */
#define TEXT_HANGUL_LAST 0xD7A3u
#define TEXT_VS16 0xFE0Fu

/* The break property of a decoded unit. */
static enum text_gb text_gb_of(uint32_t cp, bool valid)
{
	size_t lo = 0, hi = sizeof text_gb_table / sizeof text_gb_table[0];

	if (!valid)
		return TEXT_GB_CONTROL;
	if (cp >= TEXT_HANGUL_FIRST && cp <= TEXT_HANGUL_LAST)
		return (cp - TEXT_HANGUL_FIRST) % 28 == 0 ? TEXT_GB_LV
		                                          : TEXT_GB_LVT;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp < text_gb_table[mid].first)
			hi = mid;
		else if (cp > text_gb_table[mid].last)
			lo = mid + 1;
		else
			return (enum text_gb)text_gb_table[mid].prop;
	}
	return TEXT_GB_OTHER;
}

/* The property of the unit starting at p (p < len). */
static enum text_gb text_gb_at(const unsigned char *s, size_t len, size_t p)
{
	uint32_t cp;
	bool valid;

	text_decode_one(s + p, len - p, &cp, &valid);
	return text_gb_of(cp, valid);
}

/* The start of the unit that ends at p (lo < p): the lead byte whose
 * sequence ends exactly at p, else the single byte before p. This splits
 * the same way as decoding forwards: a lead byte is never a continuation,
 * so forwards decoding always starts a unit at one. */
static size_t text_unit_before(const unsigned char *s, size_t lo, size_t p)
{
	for (size_t k = 1; k <= 4 && k <= p - lo; k++) {
		uint32_t cp;
		bool valid;

		if (s[p - k] >= 0x80 && s[p - k] <= 0xBF)
			continue; /* a continuation byte: look further back */
		if (text_decode_one(s + p - k, k, &cp, &valid) == k && valid)
			return p - k;
		break;
	}
	return p - 1;
}

/* Whether there is a cluster boundary at p, lo < p < len, between the
 * unit before p and the one at p. Context is read back to lo (where a
 * cluster is known to start). */
static bool text_gb_break(const unsigned char *s, size_t lo, size_t p,
                          size_t len)
{
	size_t a_at = text_unit_before(s, lo, p);
	enum text_gb a = text_gb_at(s, len, a_at);
	enum text_gb b = text_gb_at(s, len, p);

	if (a == TEXT_GB_CR && b == TEXT_GB_LF)
		return false;                                      /* GB3 */
	if (a == TEXT_GB_CONTROL || a == TEXT_GB_CR || a == TEXT_GB_LF ||
	    b == TEXT_GB_CONTROL || b == TEXT_GB_CR || b == TEXT_GB_LF)
		return true;                                       /* GB4, GB5 */
	if (a == TEXT_GB_L && (b == TEXT_GB_L || b == TEXT_GB_V ||
	                       b == TEXT_GB_LV || b == TEXT_GB_LVT))
		return false;                                      /* GB6 */
	if ((a == TEXT_GB_LV || a == TEXT_GB_V) &&
	    (b == TEXT_GB_V || b == TEXT_GB_T))
		return false;                                      /* GB7 */
	if ((a == TEXT_GB_LVT || a == TEXT_GB_T) && b == TEXT_GB_T)
		return false;                                      /* GB8 */
	if (b == TEXT_GB_EXTEND || b == TEXT_GB_ZWJ ||
	    b == TEXT_GB_SPACING_MARK || a == TEXT_GB_PREPEND)
		return false;                                      /* GB9..9b */
	if (a == TEXT_GB_ZWJ && b == TEXT_GB_EXT_PICT) {
		/* GB11: ExtPict Extend* ZWJ x ExtPict */
		size_t q = a_at;
		enum text_gb c = TEXT_GB_OTHER;

		while (q > lo) {
			q = text_unit_before(s, lo, q);
			c = text_gb_at(s, len, q);
			if (c != TEXT_GB_EXTEND)
				break;
		}
		return c != TEXT_GB_EXT_PICT;
	}
	if (a == TEXT_GB_RI && b == TEXT_GB_RI) {
		/* GB12, GB13: flags pair up from the start of the run */
		size_t q = a_at, run = 1;

		while (q > lo) {
			q = text_unit_before(s, lo, q);
			if (text_gb_at(s, len, q) != TEXT_GB_RI)
				break;
			run++;
		}
		return run % 2 == 0;
	}
	return true;                                               /* GB999 */
}

/* See text.h. */
size_t text_grapheme_next(const char *s, size_t len, size_t off)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t p;

	if (!s)
		return 0;
	if (off >= len)
		return len;
	p = off + text_utf8_decode(s + off, len - off, NULL);
	while (p < len && !text_gb_break(u, off, p, len))
		p += text_utf8_decode(s + p, len - p, NULL);
	return p;
}

/* See text.h. */
size_t text_grapheme_prev(const char *s, size_t len, size_t off)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t p;

	if (!s || off == 0)
		return 0;
	if (off > len)
		off = len;
	p = text_unit_before(u, 0, off);
	while (p > 0 && !text_gb_break(u, 0, p, len))
		p = text_unit_before(u, 0, p);
	return p;
}

/* See text.h. */
int text_grapheme_width(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, units = 0, ri = 0;
	bool emoji_base = false, sequence = false;
	enum text_gb before = TEXT_GB_OTHER;
	int cols = 0;

	if (!s)
		return 0;
	while (i < len) {
		uint32_t cp;
		bool valid;
		enum text_gb gb;

		i += text_decode_one(u + i, len - i, &cp, &valid);
		gb = text_gb_of(cp, valid);
		if (cols < 1000) /* one cluster; a hostile one stays an int */
			cols += valid ? text_cp_width(cp) : 1;
		if (units == 0)
			emoji_base = gb == TEXT_GB_EXT_PICT || cp == '#' ||
			             cp == '*' || (cp >= '0' && cp <= '9');
		else if (emoji_base && (cp == TEXT_VS16 ||
		                        (cp >= 0x1F3FBu && cp <= 0x1F3FFu)))
			sequence = true; /* emoji presentation, skin tone */
		if (gb == TEXT_GB_EXT_PICT && before == TEXT_GB_ZWJ)
			sequence = true; /* a ZWJ sequence */
		if (gb == TEXT_GB_RI)
			ri++;
		before = gb;
		units++;
	}
	if (sequence || ri >= 2)
		return 2;
	return cols;
}

/* True for the explicit bidi embeddings, overrides and isolates: they can
 * make text display in an order other than the one stored (a username
 * that reads as someone else's), so they are never passed through. */
static bool text_is_bidi_control(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* The visible form of one decoded unit, written to out (at most 4 bytes):
 * see text_sanitize() in text.h for the rules. Returns the byte count,
 * always >= 1. */
static size_t text_visible(uint32_t cp, bool valid, int flags, char out[4])
{
	if (!valid || (cp >= 0x80 && cp <= 0x9F) || text_is_bidi_control(cp))
		return text_utf8_encode(TEXT_REPLACEMENT, out);
	if (cp == '\n') {
		if (flags & TEXT_KEEP_NEWLINES) {
			out[0] = '\n';
			return 1;
		}
		return text_utf8_encode(TEXT_RETURN_SYMBOL, out);
	}
	if (cp == '\t') {
		out[0] = (flags & TEXT_KEEP_TABS) ? '\t' : ' ';
		return 1;
	}
	if (cp < 0x20 || cp == 0x7F) {
		/* caret notation: ^@..^_ for C0, ^? for DEL; ESC is "^[" */
		out[0] = '^';
		out[1] = (char)(cp ^ 0x40);
		return 2;
	}
	return text_utf8_encode(cp, out);
}

/* Columns taken by a visible unit produced by text_visible(): the sum of
 * its code points, so caret notation counts 2. */
static size_t text_visible_width(const char *v, size_t len)
{
	size_t cols = 0;
	size_t i = 0;

	while (i < len) {
		uint32_t cp;

		i += text_utf8_decode(v + i, len - i, &cp);
		cols += (size_t)text_cp_width(cp);
	}
	return cols;
}

/* Sanitise; see text.h. Caller frees; NULL only when out of memory. */
char *text_dup(const char *s, bool *oom)
{
	char *c = s ? strdup(s) : NULL;

	if (s && !c)
		*oom = true;
	return c;
}

char *text_sanitize(const char *s, int flags)
{
	struct strbuf sb = { 0 };
	size_t n = s ? strlen(s) : 0;
	size_t i = 0;

	while (i < n) {
		char vis[4];
		uint32_t cp;
		bool valid;
		size_t len;

		i += text_decode_one((const unsigned char *)s + i, n - i, &cp,
				     &valid);
		len = text_visible(cp, valid, flags, vis);
		if (strbuf_append(&sb, vis, len) != 0) {
			strbuf_free(&sb);
			return NULL;
		}
	}
	return strbuf_take(&sb);
}

/* Columns of the sanitised (flags 0) form of s, without allocating. */
size_t text_width(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	size_t i = 0;
	size_t cols = 0;

	while (i < n) {
		char vis[4];
		uint32_t cp;
		bool valid;
		size_t len;

		i += text_decode_one((const unsigned char *)s + i, n - i, &cp,
				     &valid);
		len = text_visible(cp, valid, 0, vis);
		cols += text_visible_width(vis, len);
	}
	return cols;
}

/* Sanitise and cut to max_cols; see text.h. The cut works on visible
 * units, so caret notation ("^[") is never split. Zero-width characters
 * stay with the character before them, except a joiner left dangling at
 * the cut, which is dropped. Caller frees; NULL only when out of memory. */
char *text_truncate(const char *s, size_t max_cols)
{
	struct strbuf sb = { 0 };
	size_t n = s ? strlen(s) : 0;
	size_t i = 0;
	size_t cols = 0;
	size_t budget;
	size_t held_zwj = 0;
	char vis[4];

	if (text_width(s) <= max_cols)
		return text_sanitize(s, 0);
	if (max_cols == 0)
		return strdup("");
	budget = max_cols - 1; /* the ellipsis takes one column */
	while (i < n) {
		uint32_t cp;
		bool valid;
		size_t len;
		size_t w;

		i += text_decode_one((const unsigned char *)s + i, n - i, &cp,
				     &valid);
		len = text_visible(cp, valid, 0, vis);
		w = text_visible_width(vis, len);
		if (cols + w > budget)
			break;
		if (valid && cp == TEXT_ZWJ) {
			/* only worth keeping if what it joins also fits */
			held_zwj++;
			continue;
		}
		for (; held_zwj > 0; held_zwj--) /* U+200D ZWJ */
			if (strbuf_append(&sb, "\xE2\x80\x8D", 3) != 0)
				goto oom;
		if (strbuf_append(&sb, vis, len) != 0)
			goto oom;
		cols += w;
	}
	if (strbuf_append(&sb, vis, text_utf8_encode(TEXT_ELLIPSIS, vis)) != 0)
		goto oom;
	return strbuf_take(&sb);
oom:
	strbuf_free(&sb);
	return NULL;
}

/* Truncate, then pad with spaces to exactly max_cols columns. Caller
 * frees; NULL only when out of memory. */
char *text_fit(const char *s, size_t max_cols)
{
	char *cut = text_truncate(s, max_cols);
	char *out;
	size_t len;
	size_t pad;

	if (!cut)
		return NULL;
	len = strlen(cut);
	pad = max_cols - text_width(cut); /* truncate keeps width <= max */
	out = realloc(cut, len + pad + 1);
	if (!out) {
		free(cut);
		return NULL;
	}
	memset(out + len, ' ', pad);
	out[len + pad] = '\0';
	return out;
}

/* See text.h. */
bool text_word_in(const char *word, const char *list, const char *seps)
{
	size_t len;

	if (!word || !*word || !list || !seps)
		return false;
	len = strlen(word);
	for (const char *p = list + strspn(list, seps); *p;) {
		size_t w = strcspn(p, seps);
		if (w == len && strncmp(p, word, len) == 0)
			return true;
		p += w;
		p += strspn(p, seps);
	}
	return false;
}

/* See text.h. */
char *text_diff_value(const char *s, size_t start, size_t max_cols)
{
	size_t n = s ? strlen(s) : 0;
	char *joined, *out;

	if (!n)
		return strdup("(empty)");
	if (start > n)
		start = n;
	joined = malloc(n - start + 4);
	if (!joined)
		return NULL;
	memcpy(joined, "\xe2\x80\xa6", 3);
	memcpy(joined + 3, s + start, n - start + 1);
	if (max_cols)
		out = text_truncate(start ? joined : joined + 3, max_cols);
	else
		out = text_sanitize(start ? joined : joined + 3, 0);
	free(joined);
	return out;
}

/* See text.h. */
int text_append_diff_value(struct strbuf *sb, const char *prefix,
                           const char *v, size_t max_cols)
{
	char *s = text_diff_value(v, 0, max_cols);
	int rc = s ? strbuf_appendf(sb, "%s%s\n", prefix, s) : -1;

	free(s);
	return rc;
}
