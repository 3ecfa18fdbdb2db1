/*
 * atc.h - the AT command client for a SIM800-class GSM module (SMS text or PDU).
 *
 * Part of the portable core: no malloc, no OS calls, all state in struct
 * atc. Bytes from the module's UART are fed with atc_rx(); bytes to it go
 * out through hal_modem_write(). Time comes from hal_now_ms(). The owner calls
 * atc_poll() whenever bytes arrived or atc_next_deadline() has passed.
 *
 * Text mode (AT+CMGF=1) by default; atc_set_pdu() selects PDU mode
 * (AT+CMGF=0): SMS-SUBMIT PDUs in the GSM 7-bit alphabet out, SMS-DELIVER
 * PDUs (7-bit, 8-bit, UCS2) in. Both give the owner the same messages.
 */
#ifndef ATC_H
#define ATC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ATC_NUMBER_MAX 20 /* "+" and up to 17 digits, with room to spare */
#define ATC_TEXT_MAX 160  /* one SMS; longer input is cut and flagged */
#define ATC_TS_MAX 24     /* "yy/MM/dd,hh:mm:ss+zz" */

struct atc_sms {
	char number[ATC_NUMBER_MAX + 1];
	char ts[ATC_TS_MAX + 1]; /* service-centre timestamp, as received */
	char text[ATC_TEXT_MAX + 1];
	bool truncated; /* text was longer than ATC_TEXT_MAX */
};

struct atc_ops {
	/* An SMS was read from storage (it is deleted afterwards). */
	void (*sms)(void *user, const struct atc_sms *sms);
	/* An incoming call rings; number from +CLIP ("" if withheld).
	 * Called once per call, not once per RING. */
	void (*ring)(void *user, const char *number);
	/* The module's clock from AT+CCLK? during init, "yy/MM/dd,hh:mm:ss+zz"
	 * as received (may be NULL). */
	void (*clock)(void *user, const char *ts);
};

#include "atc_priv.h" /* struct atc: private fields, fixed size */

void atc_init(struct atc *m, const struct atc_ops *ops, void *user);
void atc_rx(struct atc *m, const uint8_t *buf, size_t len);
/* PDU mode on or off; the module is set up again. Call after atc_init. */
void atc_set_pdu(struct atc *m, bool pdu);
void atc_poll(struct atc *m);
/* Absolute hal_now_ms() time at which atc_poll() must run next, or
 * UINT64_MAX when nothing is pending. */
uint64_t atc_next_deadline(const struct atc *m);

/* Queue an outgoing SMS / a call-back / rejection of the ringing call.
 * Return 0, or -1 when the queue is full (nothing queued). */
int atc_send_sms(struct atc *m, const char *number, const char *text);
int atc_call(struct atc *m, const char *number);
int atc_reject(struct atc *m);

/* Module initialised and registered (init sequence done). */
bool atc_ready(const struct atc *m);
/* Last +CSQ rssi 0..31, or 99 when unknown. */
int atc_rssi(const struct atc *m);
/* Number of queued requests not yet completed. */
int atc_pending(const struct atc *m);

#endif
