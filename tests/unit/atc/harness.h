/*
 * harness.h - scripted transcripts for the AT client: feed module output,
 * move the fake clock, and compare what the client wrote byte for byte.
 */
#ifndef ATC_HARNESS_H
#define ATC_HARNESS_H

#include <stdbool.h>
#include <stddef.h>

#include "fake_hal.h"
#include "atc.h"
#include "test.h"

#define REC_MAX 16

/* What the ops callbacks saw, and what they do in turn. */
struct rec {
	int nsms;
	struct atc_sms sms[REC_MAX];
	int nring;
	char ring[REC_MAX][ATC_NUMBER_MAX + 1];
	int nclock;
	char clock[ATC_TS_MAX + 1]; /* the last AT+CCLK? time handed over */
	struct atc *m;
	bool reject_on_ring; /* the ring callback calls atc_reject() */
};
extern struct rec rec;
extern const struct atc_ops rec_ops;

/* Fresh fake HAL at t = 0, atc_init() and a first poll. */
void h_start(struct atc *m);
/* Module output (a C string, or n raw bytes) then atc_poll(). */
void h_feed(struct atc *m, const char *s);
void h_feedn(struct atc *m, const void *buf, size_t n);
/* Move the clock to ms (absolute) / by ms, then atc_poll(). */
void h_at(struct atc *m, uint64_t ms);
void h_wait(struct atc *m, uint64_t ms);
/* Answer the whole init sequence (no stored SMS, +CSQ: 20) after
 * h_start(); output is checked on the way and left empty. h_ready_probed()
 * is the same when the first "AT\r" has already been checked. */
void h_ready(struct atc *m);
void h_ready_probed(struct atc *m);
/* h_start() + h_ready(). */
void h_up(struct atc *m);

/* The client's output since the last check equals want; clears it. */
bool h_expect(const char *file, int line, const char *want);
#define EXPECT(want) h_expect(__FILE__, __LINE__, (want))
/* Nothing was written since the last check. */
#define EXPECT_NONE() h_expect(__FILE__, __LINE__, "")

#endif
