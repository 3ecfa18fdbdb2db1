/*
 * util.h - string building and parsing for the core (no libc formatting).
 */
#ifndef FW_UTIL_H
#define FW_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A bounded string builder: never overflows, always NUL-terminated. */
struct sb {
	char *buf;
	uint16_t len, cap; /* cap includes the NUL */
};

void sb_init(struct sb *b, char *buf, size_t cap);
void sb_putc(struct sb *b, char c);
void sb_puts(struct sb *b, const char *s);
void sb_putn(struct sb *b, const char *s, size_t n);
void sb_int(struct sb *b, int32_t v);
void sb_int2(struct sb *b, int v);        /* two digits, zero-padded */
void sb_dec1(struct sb *b, int32_t deci); /* 215 -> "21.5", -5 -> "-0.5" */
/* The set bits of mask (bit 0 = 1) as a list: 0x05, "T" -> "T1,T3" */
void sb_bits(struct sb *b, uint32_t mask, const char *prefix);

/* Parse a decimal integer filling the whole of s[0..n). */
bool parse_int(const char *s, size_t n, int32_t *out);
/* Parse "21", "21.5", "-3.5" (one decimal at most) into tenths. */
bool parse_dec1(const char *s, size_t n, int32_t *out);

char up(char c);
/* Case-insensitive equality of s[0..n) with the NUL-terminated word. */
bool eqn_ci(const char *s, size_t n, const char *word);
/* Does s start with word (case-insensitive)? */
bool prefix_ci(const char *s, size_t n, const char *word);
size_t str_len(const char *s);
/* Copy at most cap-1 bytes of s[0..n) and NUL-terminate. */
void str_copy(char *dst, size_t cap, const char *s, size_t n);

#endif
