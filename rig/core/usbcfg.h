/*
 * usbcfg.h - the configuration client on the unit's USB port: the line
 * protocol of the configuration tool (READ/WRITE/TABS/VERSION/RESTART).
 *
 * The unit answers as it processes each line, so an exchange writes the
 * request and advances rig time until the final line arrives.
 */
#ifndef RR_USBCFG_H
#define RR_USBCFG_H

#include <stdbool.h>
#include <stdint.h>

#include "sbuf.h"
#include "session.h"

#define USBCFG_TIMEOUT_MS 5000 /* rig time for one exchange */

/* Attach the cable if it is not attached; *was tells the earlier state. */
int usbcfg_attach(struct session *s, bool *was);
/* Detach again unless it was attached before usbcfg_attach. */
int usbcfg_detach(struct session *s, bool was);

/* Send text (whole lines) and collect the reply lines up to the final
 * "OK" (RR_OK) or "ERROR <reason>" (RR_ERR_ARG, the line in err). Lines
 * before the final one are appended to lines, each ending "\n" ("\r"
 * stripped). RR_ERR_TIMEOUT when no final line came in timeout_ms. */
int usbcfg_exchange(struct session *s, const char *text, struct sbuf *lines,
		    char *err, size_t errlen, uint64_t timeout_ms);

/* Raw bytes onto the USB stream, as they are (no line added): partial
 * lines, several commands at once, bytes the protocol does not expect. */
int usbcfg_write(struct session *s, const void *data, size_t len);
/* Collect the next reply as usbcfg_exchange does, without sending. */
int usbcfg_reply(struct session *s, struct sbuf *lines, char *err, size_t errlen,
		 uint64_t timeout_ms);

/* The parsing of usbcfg_reply, on bytes already received: take the first
 * reply (up to and with its final line) out of rx, as usbcfg_reply
 * describes; what follows it stays in rx. RR_ERR_TIMEOUT, rx untouched,
 * when rx holds no final line yet. */
int usbcfg_take_reply(struct sbuf *rx, struct sbuf *lines, char *err, size_t errlen);

/* Split one "KEY=VALUE" line; false if there is no '='. key and value
 * point into line, which is modified. */
bool usbcfg_split(char *line, char **key, char **value);

#endif
