/*
 * fw_internal.h - struct fw and the functions the core's modules offer each
 * other. Not part of the port interface (fw.h); the core's unit tests and
 * fuzz targets may include it. Which module may call which: the layers in
 * firmware/README.md ("Layers"), checked by scripts/fw-layers.
 */
#ifndef FW_INTERNAL_H
#define FW_INTERNAL_H

#include "fw.h"
#include "atc.h"
#include "settings.h"
#include "util.h"

#define FW_REFUSAL_TEXT "The function is not available now! The device is working in limited backup mode"
#define FW_REFUSAL FW_REFUSAL_TEXT
/* SMS management closed after the store was lost (firmware/README.md). */
#define FW_LOCKED_TEXT "SMS locked: configure security over USB"
/* DELSECNUM (or NUM<n>=) of the only number left on the security list. */
#define FW_LAST_SECNUM "The last security number cannot be deleted!"
#define FW_WINDOW_MS (30u * 60u * 1000u)
#define FW_DC_DEBOUNCE_MS 20u
#define FW_IN_DEBOUNCE_MS 50u
#define FW_TEMP_PERIOD_MS 10000u
#define FW_NEVER UINT64_MAX

enum alert_kind {
	AL_DC_FAIL = 1,
	AL_DC_OK,
	AL_AC_FAIL,
	AL_AC_OK,
	AL_BATTERY,
	AL_INPUT,
	AL_TEMP_HIGH,
	AL_TEMP_LOW,
	AL_SWITCH_OFF,
	AL_SENSOR_FAIL,
	AL_REPORT_TEMP,
	AL_REPORT_SIGNAL,
	AL_REPORT_RSTAT,
	AL_REPORT_ISTAT,
	AL_CALL_INPUT, /* a call, not an SMS, to the alert numbers */
};

#define FW_USB_RX 256
#define FW_USB_LINE 96
#define FW_ALERTS 12
#define FW_REPLY 160
#define FW_LOG 10 /* alarm log entries kept */

/* A queued notification for the alert numbers, rendered when the AT client
 * has room (so a burst of events never overflows its queue). */
struct fw_alert {
	uint8_t kind;  /* enum alert_kind */
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
	struct atc atc;
	uint8_t nv_status;                     /* enum nv_status of the store at boot */
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

	/* Wall clock, set by an SMS timestamp or the network time (clock.c). */
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

	/* Alerts waiting for the AT client. */
	struct fw_alert alerts[FW_ALERTS];
	uint8_t nalerts;
	uint16_t alerts_dropped;
};

/* Backup-mode rules (Configuration Guide 3.4; see firmware/README.md),
 * limits.c. The rows of the table, and the paths that ask for each: */
enum fw_row {
	FW_ROW_ALARM,       /* AON AOFF AONALL AOFFALL ISTAT ALARM<i>= by SMS,
			       STATUS inputs, alarm detection */
	FW_ROW_RELAY,       /* ON OFF PULSE RESTART ONALL OFFALL by SMS, ring action */
	FW_ROW_ALARM_RELAY, /* relays tied to inputs, switched by the Alarm Function */
	FW_ROW_THERMOSTAT,  /* the thermostat, TON TOFF THERMO<r>= by SMS */
	FW_ROW_TEMP_SIGN,   /* scheduled TEMP, SIGN */
	FW_ROW_SCHED_RELAY, /* scheduled ONRx OFFRx PULRx RSTAT TONx TOFFx */
	FW_ROW_SCHED_INPUT, /* scheduled AON AOFF ISTAT AONALL AOFFALL */
	FW_ROW_COUNT
};
/* limits.c (layer 2) */
bool fw_ac_lost(const struct fw *fw); /* AC failed as the voltage sensor sees it */
bool fw_limited(const struct fw *fw, enum fw_row row);
bool fw_backup_mode(const struct fw *fw); /* some row is limited */

/* clock.c (layer 2) */
void clock_set_from_ts(struct fw *fw, const char *ts); /* "yy/MM/dd,hh:mm:ss+zz" */
/* The module's network time at start (AT+CCLK?): sets a clock not yet set,
 * unless it is a module's reset value (a year outside 2024..2079). */
void clock_set_from_network(struct fw *fw, const char *ts);
bool clock_now(const struct fw *fw, uint32_t *secs); /* since 2000-01-01 */
void clock_format(uint32_t secs, struct sb *o);      /* "2026-11-21 10:00:00" */
/* Milliseconds since 2000-01-01 00:00; only while the clock is set. */
uint64_t clock_wall_ms(const struct fw *fw);

/* relays.c (layer 3): relays r = 0..6. */
void fw_relay_set(struct fw *fw, int r, bool on);
void fw_relay_timed(struct fw *fw, int r, bool now, bool then, uint32_t ms);
void fw_relay_pulse(struct fw *fw, int r, uint32_t ms);
/* The states the relays end in once their timed actions are over. */
uint8_t relays_final(const struct fw *fw);
/* Keep relays_final() in the store for POWERSTATE=REMEMBER (when changed). */
void relays_remember(struct fw *fw);
/* The states kept by relays_remember(), 0 when the record is bad. */
uint8_t relays_remembered(void);
/* End the timed actions whose time is up. */
void relay_timers(struct fw *fw, uint64_t now);

/* report.c (layer 3): alerts to the alert numbers. */
void fw_alert(struct fw *fw, enum alert_kind k, int arg, int value);
bool fw_has_alert_numbers(const struct fw *fw);
/* Hand queued alerts to the AT client while it has room. */
void alerts_flush(struct fw *fw);

/* report.c: reports shared by SMS commands, scheduled tasks and alerts. */
void fw_report_status(struct fw *fw, struct sb *o);
void fw_report_relays(struct fw *fw, struct sb *o);
void fw_report_inputs(struct fw *fw, struct sb *o);
void fw_report_temps(struct fw *fw, struct sb *o);
void fw_report_sensor_error(struct fw *fw, struct sb *o);
void fw_report_signal(struct fw *fw, struct sb *o);
/* Alarm log entry n (0 = oldest): "2026-11-21 10:05:00 IN1 (Door)". */
void fw_report_log(struct fw *fw, int n, struct sb *o);

/* apply.c (layer 3): settings changed: persist, reset derived state.
 * Returns false when the store could not be written. */
bool fw_settings_changed(struct fw *fw);
/* Alarm Function on/off for input i (0..5), from SMS or the scheduler. */
void fw_alarm_enable(struct fw *fw, int i, bool on);
/* Thermostat on/off for relay r (0..6). */
void fw_thermo_enable(struct fw *fw, int r, bool on);

/* thermo.c (layer 4) */
void thermo_init(struct fw *fw); /* at power-up: the connected sensors are installed */
void thermo_poll(struct fw *fw, bool sample);
/* Sensor s (0..4) is installed (new sensors are looked for first). */
bool thermo_installed(struct fw *fw, int s);
/* A rise/fall threshold of sensor s may change from was to now: the sensor
 * is installed, or the threshold stays as it is or goes OFF. */
bool thermo_threshold_allowed(struct fw *fw, int s, int16_t was, int16_t now);
bool thermo_in_control(const struct fw *fw, int r);
uint64_t thermo_deadline(const struct fw *fw);

/* sms.c (layer 5) */
void sms_handle(struct fw *fw, const struct atc_sms *sms);
void sms_ring(struct fw *fw, const char *number);
void sms_send(struct fw *fw, const char *number, const char *text);

/* sched.c (layer 5) */
void sched_poll(struct fw *fw);
uint64_t sched_deadline(const struct fw *fw);
void sched_run_action(struct fw *fw, const struct task *t);

/* usbcfg.c (layer 5) */
void usb_poll(struct fw *fw);

/* fw.c (layer 6): the port interface (fw.h), and for the unit tests the
 * set-up of a state of their own (fw_boot() sets up the core's one). */
void fw_init(struct fw *fw);

#endif
