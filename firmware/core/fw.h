/*
 * fw.h - the Smart Relay firmware core as a port sees it.
 *
 * A port (host simulator, MCU) calls fw_boot() at power-up, pushes received
 * bytes with fw_modem_rx()/fw_usb_rx(), and calls fw_poll() whenever bytes
 * arrived, a HAL input changed, or fw_next_deadline() passed. The core never
 * blocks and allocates nothing: its whole state is one struct fw, a static
 * instance inside the core, opaque here (its fields: fw_internal.h, for the
 * core's own modules and its unit tests only).
 */
#ifndef FW_H
#define FW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hal.h"

#define FW_VERSION "1.0.0"
#define FW_HW_VERSION "SR7-1.0"

struct fw;

/* Power-up (or restart): the unit's state is set up afresh from the store
 * and the HAL; returns it for the calls below. */
struct fw *fw_boot(void);
void fw_modem_rx(struct fw *fw, const uint8_t *buf, size_t len);
void fw_usb_rx(struct fw *fw, const uint8_t *buf, size_t len);
/* Bytes fw_usb_rx() can take before the next fw_poll(); a port with flow
 * control (USB CDC NAKs) hands over no more than this. */
size_t fw_usb_room(const struct fw *fw);
void fw_poll(struct fw *fw);
/* Absolute hal_now_ms() time at which fw_poll must run next. */
uint64_t fw_next_deadline(const struct fw *fw);

/* The AT client in SMS PDU mode (AT+CMGF=0) instead of text mode; the
 * module is set up again. Call after fw_boot(). */
void fw_set_pdu(struct fw *fw, bool pdu);

/* What the settings store held at the last power-up. */
enum fw_nv {
	FW_NV_OK,       /* a valid record */
	FW_NV_DEFAULTS, /* blank (factory-new): defaults, written back */
	FW_NV_REPAIRED, /* bad fields replaced by their defaults */
	FW_NV_CORRUPT,  /* bad header or checksum: defaults, SMS locked */
};
enum fw_nv fw_nv_status(const struct fw *fw);

#endif
