/*
 * atc.h - AT command client for a SIM800-class GSM module in SMS text mode.
 *
 * Part of the portable core: no malloc, no OS calls, all state in struct
 * modem. Bytes from the module's UART are fed with modem_rx(); bytes to it go
 * out through hal_modem_write(). Time comes from hal_now_ms(). The owner calls
 * modem_poll() whenever bytes arrived or modem_next_deadline() has passed.
 *
 * Text mode (AT+CMGF=1) by default; modem_set_pdu() selects PDU mode
 * (AT+CMGF=0): SMS-SUBMIT PDUs in the GSM 7-bit alphabet out, SMS-DELIVER
 * PDUs (7-bit, 8-bit, UCS2) in. Both give the owner the same messages.
 */
#ifndef MODEM_H
#define MODEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MODEM_NUMBER_MAX 20 /* "+" and up to 17 digits, with room to spare */
#define MODEM_TEXT_MAX 160  /* one SMS; longer input is cut and flagged */
#define MODEM_TS_MAX 24     /* "yy/MM/dd,hh:mm:ss+zz" */

struct modem_sms {
	char number[MODEM_NUMBER_MAX + 1];
	char ts[MODEM_TS_MAX + 1]; /* service-centre timestamp, as received */
	char text[MODEM_TEXT_MAX + 1];
	bool truncated; /* text was longer than MODEM_TEXT_MAX */
};

struct modem_ops {
	/* An SMS was read from storage (it is deleted afterwards). */
	void (*sms)(void *user, const struct modem_sms *sms);
	/* An incoming call rings; number from +CLIP ("" if withheld).
	 * Called once per call, not once per RING. */
	void (*ring)(void *user, const char *number);
	/* The module's clock from AT+CCLK? during init, "yy/MM/dd,hh:mm:ss+zz"
	 * as received (may be NULL). */
	void (*clock)(void *user, const char *ts);
};

#include "atc_priv.h" /* struct modem: private fields, fixed size */

void modem_init(struct modem *m, const struct modem_ops *ops, void *user);
void modem_rx(struct modem *m, const uint8_t *buf, size_t len);
/* PDU mode on or off; the module is set up again. Call after modem_init. */
void modem_set_pdu(struct modem *m, bool pdu);
void modem_poll(struct modem *m);
/* Absolute hal_now_ms() time at which modem_poll() must run next, or
 * UINT64_MAX when nothing is pending. */
uint64_t modem_next_deadline(const struct modem *m);

/* Queue an outgoing SMS / a call-back / rejection of the ringing call.
 * Return 0, or -1 when the queue is full (nothing queued). */
int modem_send_sms(struct modem *m, const char *number, const char *text);
int modem_call(struct modem *m, const char *number);
int modem_reject(struct modem *m);

/* Module initialised and registered (init sequence done). */
bool modem_ready(const struct modem *m);
/* Last +CSQ rssi 0..31, or 99 when unknown. */
int modem_rssi(const struct modem *m);
/* Number of queued requests not yet completed. */
int modem_pending(const struct modem *m);

#endif
