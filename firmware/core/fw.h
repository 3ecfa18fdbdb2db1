/*
 * fw.h - the Smart Relay firmware core: one context struct, driven by a port.
 *
 * A port (host simulator, MCU) owns a struct fw, calls fw_init() at power-up,
 * pushes received bytes with fw_modem_rx()/fw_usb_rx(), and calls fw_poll()
 * whenever bytes arrived, a HAL input changed, or fw_next_deadline() passed.
 * The core never blocks and allocates nothing.
 */
#ifndef FW_H
#define FW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hal.h"
#include "atc.h"
#include "settings.h"

#define FW_VERSION "1.0.0"
#define FW_HW_VERSION "SR7-1.0"

#define FW_USB_RX 256
#define FW_USB_LINE 96
#define FW_ALERTS 12
#define FW_REPLY 160
#define FW_LOG 10 /* alarm log entries kept */

/* A queued notification for the alert numbers, rendered when the modem has
 * room (so a burst of events never overflows its queue). */
struct fw_alert {
	uint8_t kind;  /* enum alert_kind, fw_internal.h */
	uint8_t arg;   /* input, sensor or relay number */
	int16_t value; /* temperature in 0.1 degC, battery %, ... */
	uint8_t next;  /* next alert-number slot to send to */
};

/* An alarm in the log: the input and the wall-clock time it was detected. */
struct fw_log_entry {
	uint32_t t; /* seconds since 2000-01-01 (clock_now) */
	bool timed; /* false: the clock was not set */
	uint8_t input;
};

struct fw {
	struct settings set;
	struct settings stage; /* USB WRITE in progress */
	struct modem modem;
	uint8_t nv_status; /* enum nv_status of the store at boot */
	uint8_t nv_repaired[SET_REPAIR_BYTES]; /* fields repaired at boot */

	/* Power and backup mode (debounced sensing). */
	bool dc, ac;
	uint64_t dc_edge, ac_edge; /* when the raw level started to differ, 0 none */
	uint8_t bat_alerted;       /* battery levels already reported (bits) */

	/* Relays: logical coil state, timed returns (pulse, restart, alarm). */
	uint8_t relays;
	uint8_t saved_relays; /* state before 12 V failed (POWERSTATE=REMEMBER) */
	uint64_t relay_at[HAL_RELAYS];
	uint8_t relay_to; /* bit r: state to take at relay_at[r] */

	/* Alarm inputs: debounced levels and alarm state. */
	uint8_t in_level, in_alarm;
	uint64_t in_edge[HAL_INPUTS];

	/* Configuration window (30 min after power-up or last configuration). */
	uint64_t window_until;

	/* Wall clock, set by SIGNALREPORT's SMS timestamp. */
	bool clock_set;
	uint32_t clock_base_s; /* seconds since 2000-01-01 00:00 at clock_base_ms */
	uint64_t clock_base_ms;
	uint32_t last_minute; /* scheduler: last minute examined */

	/* Temperatures. */
	int16_t temp[HAL_SENSORS];
	uint8_t temp_status[HAL_SENSORS];
	uint8_t high_fired, low_fired; /* rise/fall alert sent, awaiting re-arm */
	uint8_t sensor_alerted;        /* failure alert sent (until settings change) */
	uint8_t sensors;               /* installed sensors (bits) */
	uint8_t sensors_conflict;      /* several new sensors at once (bits), 0 none */
	uint64_t next_temp;

	/* Calls. */
	uint8_t pending_ring; /* a ring action waits for the call to be rejected */

	/* USB configuration protocol. */
	uint8_t usb_rx[FW_USB_RX];
	uint16_t usb_rx_len;
	char usb_line[FW_USB_LINE + 1];
	uint8_t usb_line_len;
	bool usb_overflow, usb_was_attached;
	int8_t usb_write_tab; /* tab being written, -1 none */
	uint16_t usb_write_lines;
	uint16_t usb_error_line;
	uint8_t usb_error; /* enum set_result of the first bad line */

	/* Alarm log (RAM): the last FW_LOG alarms, oldest first. */
	struct fw_log_entry log[FW_LOG];
	uint8_t nlog;

	/* Alerts waiting for the modem. */
	struct fw_alert alerts[FW_ALERTS];
	uint8_t nalerts;
	uint16_t alerts_dropped;
};

void fw_init(struct fw *fw);
void fw_modem_rx(struct fw *fw, const uint8_t *buf, size_t len);
void fw_usb_rx(struct fw *fw, const uint8_t *buf, size_t len);
/* Bytes fw_usb_rx() can take before the next fw_poll(); a port with flow
 * control (USB CDC NAKs) hands over no more than this. */
size_t fw_usb_room(const struct fw *fw);
void fw_poll(struct fw *fw);
/* Absolute hal_now_ms() time at which fw_poll must run next. */
uint64_t fw_next_deadline(const struct fw *fw);

#endif
