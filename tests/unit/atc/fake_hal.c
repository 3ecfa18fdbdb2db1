/*
 * fake_hal.c - the two HAL functions the AT client calls (hal_now_ms,
 * hal_modem_write) for its unit tests: a clock the test sets and a buffer
 * collecting the bytes written to the module. test-atc links atc.o alone,
 * so the rest of hal.h is not needed here.
 */
#include "fake_hal.h"

#include "hal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t now_ms;
static char out[FAKE_OUT_MAX + 1];
static size_t out_len;

void fake_reset(void)
{
	now_ms = 0;
	fake_out_clear();
}

void fake_set_now(uint64_t ms) { now_ms = ms; }
void fake_advance(uint64_t ms) { now_ms += ms; }
uint64_t fake_now(void) { return now_ms; }

const char *fake_out(void) { return out; }
size_t fake_out_len(void) { return out_len; }

void fake_out_clear(void)
{
	out_len = 0;
	out[0] = '\0';
}

uint64_t hal_now_ms(void) { return now_ms; }

void hal_modem_write(const uint8_t *buf, size_t len)
{
	if (out_len + len > FAKE_OUT_MAX) {
		fprintf(stderr, "fake_hal: modem output overflow\n");
		abort();
	}
	memcpy(out + out_len, buf, len);
	out_len += len;
	out[out_len] = '\0';
}
