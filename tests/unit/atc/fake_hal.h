/*
 * fake_hal.h - the HAL as seen by the AT client's unit tests: a clock the
 * test sets and a buffer collecting everything written to the modem UART.
 */
#ifndef FAKE_HAL_H
#define FAKE_HAL_H

#include <stddef.h>
#include <stdint.h>

#define FAKE_OUT_MAX 8192

void fake_reset(void); /* clock to 0, output emptied */
void fake_set_now(uint64_t ms);
void fake_advance(uint64_t ms);
uint64_t fake_now(void);

/* Bytes written with hal_modem_write since the last fake_out_clear(),
 * NUL-terminated (the client never writes NUL). */
const char *fake_out(void);
size_t fake_out_len(void);
void fake_out_clear(void);

#endif
