/*
 * escape.h - text escaping for the report formats.
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

/* Decode one UTF-8 character at s (n bytes available). Returns the code
 * point and sets *adv, or returns -1 with *adv = 1 for an invalid byte. */
long utf8_decode(const unsigned char *s, size_t n, size_t *adv);

#endif
