/*
 * escape.h - text escaping, one routine per output language: XML/HTML,
 * JSON (and the YAML blocks of TAP), TAP lines, CSV, terminal lines, and
 * the emulator's byte transcripts.
 *
 * Input is any byte string: invalid UTF-8 and characters a format cannot
 * carry are replaced by U+FFFD, so a report stays well-formed whatever the
 * firmware sent.
 */
#ifndef RR_ESCAPE_H
#define RR_ESCAPE_H

#include "sbuf.h"

/* XML 1.0 character data and attribute values (quotes escaped, and tabs
 * and line breaks as character references so attributes keep them). */
void esc_xml(struct sbuf *b, const char *s);
/* JSON string contents, without the surrounding quotes. */
void esc_json(struct sbuf *b, const char *s);
/* A JSON string with quotes, or null for NULL. */
void esc_json_str(struct sbuf *b, const char *s);

/* A CSV field (RFC 4180): quoted, with quotes doubled, when it holds a
 * comma, a quote or a line break; nothing for NULL. */
void esc_csv(struct sbuf *b, const char *s);
/* TAP description or directive text: '#' and '\\' escaped with a backslash,
 * line breaks and other control characters as spaces, so the test line
 * stays one line. */
void esc_tap(struct sbuf *b, const char *s);
/* A terminal line: '\n' as the two characters \n, other control
 * characters as <XX>, UTF-8 text as it is (the modem console). */
void esc_term(struct sbuf *b, const char *s);
/* A transcript of raw bytes (the emulator's): printable ASCII as it is,
 * every other byte as <XX>. Writes whole characters only into out (cap
 * bytes, always NUL-terminated when cap > 0); returns the length written. */
size_t esc_bytes(char *out, size_t cap, const void *bytes, size_t n);

/* Decode one UTF-8 character at s (n bytes available). Returns the code
 * point and sets *adv, or returns -1 with *adv = 1 for an invalid byte. */
long utf8_decode(const unsigned char *s, size_t n, size_t *adv);

#endif
