/*
 * sbuf.h - a growable, always NUL-terminated string buffer.
 *
 * Out of memory is sticky: later appends are ignored and sb_ok() turns
 * false, so writers check once at the end instead of after every append.
 */
#ifndef RR_SBUF_H
#define RR_SBUF_H

#include <stdbool.h>
#include <stddef.h>

struct sbuf {
	char *s; /* "" until the first append; never NULL after sb_init */
	size_t len;
	size_t cap;
	bool oom;
};

void sb_init(struct sbuf *b);
void sb_free(struct sbuf *b);
void sb_clear(struct sbuf *b);
void sb_putn(struct sbuf *b, const char *s, size_t n);
void sb_puts(struct sbuf *b, const char *s);
void sb_putc(struct sbuf *b, char c);
/* Append n bytes the caller fills in: returns where they go (kept
 * NUL-terminated after them), or NULL when out of memory. */
char *sb_extend(struct sbuf *b, size_t n);
void sb_printf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Hand the string over to the caller (malloc'ed, never NULL unless out of
 * memory) and reset the buffer. */
char *sb_steal(struct sbuf *b);
static inline bool sb_ok(const struct sbuf *b) { return !b->oom; }

/* strdup that accepts NULL. */
char *rr_strdup(const char *s);

#endif
