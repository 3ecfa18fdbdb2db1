/*
 * gsm.h - text conversions of the emulator: the GSM 03.38 default
 * alphabet (with its extension table) and IRA (7-bit ASCII) towards the unit,
 * UTF-8 towards the tests; plus the civil-date arithmetic for timestamps.
 */
#ifndef RR_GSM_H
#define RR_GSM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* UTF-8 -> the TE character set the unit selected with AT+CSCS.
 * GSM (ira=false): characters of the default alphabet become their code,
 * those of the extension table (such as the euro sign) ESC + code, anything
 * else '?'. IRA (ira=true): ASCII stays, anything else is '?'. CR and LF
 * pass in both. Invalid UTF-8 bytes become '?'. Writes at most cap bytes
 * (no NUL: GSM text may contain 0x00 for '@') and returns the count. */
size_t gsm_from_utf8(const char *utf8, bool ira, uint8_t *out, size_t cap);

/* Text the unit typed -> UTF-8, NUL-terminated within cap (cap >= 1).
 * Printable ASCII bytes (0x20..0x7E), CR and LF are taken as ASCII in both
 * sets. GSM: the other codes below 0x80 are GSM 03.38 characters (0x00 '@',
 * 0x02 '$', 0x11 '_', 0x05 'e acute', 0x7F 'a grave'...; ESC + code through
 * the extension table); bytes above 0x7F are '?'. IRA: anything else is '?'.
 * Returns the length. */
size_t gsm_to_utf8(const uint8_t *in, size_t n, bool ira, char *out, size_t cap);

/* One UTF-8 sequence at *p (advanced); invalid input is U+FFFD and
 * consumes one byte. */
uint32_t gsm_utf8_next(const unsigned char **p);
/* cp as UTF-8 into out (room bytes); returns the bytes written, 0 when it
 * does not fit. */
size_t gsm_utf8_put(uint32_t cp, char *out, size_t room);
/* The GSM 03.38 code of cp: 0..127 in the default alphabet, 0x100 | code
 * in the extension table (sent as ESC + code), -1 when it has none. */
int gsm_code_of(uint32_t cp);
/* The character of a code (ext: after ESC). */
uint32_t gsm_cp_of(uint8_t code, bool ext);

/* Seconds since 1970 for a UTC civil date (proleptic Gregorian), and back. */
int64_t gsm_civil_to_epoch(int y, int mo, int d, int h, int mi, int s);
void gsm_epoch_to_civil(int64_t t, int *y, int *mo, int *d, int *h, int *mi, int *s);

#endif
