/*
 * fw_internal.h - shared between the core's modules (fw.c, sms.c, usbcfg.c,
 * sched.c, thermo.c, clock.c). Not part of the port interface.
 */
#ifndef FW_INTERNAL_H
#define FW_INTERNAL_H

#include "fw.h"

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
	AL_DC_FAIL = 1, AL_DC_OK, AL_AC_FAIL, AL_AC_OK, AL_BATTERY,
	AL_INPUT, AL_TEMP_HIGH, AL_TEMP_LOW, AL_SWITCH_OFF, AL_SENSOR_FAIL,
	AL_REPORT_TEMP, AL_REPORT_SIGNAL, AL_REPORT_RSTAT, AL_REPORT_ISTAT,
	AL_CALL_INPUT, /* a call, not an SMS, to the alert numbers */
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
bool fw_ac_lost(const struct fw *fw);  /* AC failed as the voltage sensor sees it */
bool fw_limited(const struct fw *fw, enum fw_row row);
bool fw_backup_mode(const struct fw *fw); /* some row is limited */

/* Relays (r = 0..6). */
void fw_relay_set(struct fw *fw, int r, bool on);
void fw_relay_timed(struct fw *fw, int r, bool now, bool then, uint32_t ms);
void fw_relay_pulse(struct fw *fw, int r, uint32_t ms);

/* Alerts to the alert numbers. */
void fw_alert(struct fw *fw, enum alert_kind k, int arg, int value);
bool fw_has_alert_numbers(const struct fw *fw);

/* Settings changed: persist, reset derived state. Returns false when the
 * store could not be written. */
bool fw_settings_changed(struct fw *fw);

/* Reports shared by SMS commands, scheduled tasks and alerts. */
void fw_report_status(struct fw *fw, struct sb *o);
void fw_report_relays(struct fw *fw, struct sb *o);
void fw_report_inputs(struct fw *fw, struct sb *o);
void fw_report_temps(struct fw *fw, struct sb *o);
void fw_report_sensor_error(struct fw *fw, struct sb *o);
void fw_report_signal(struct fw *fw, struct sb *o);
/* Alarm log entry n (0 = oldest): "2026-11-21 10:05:00 IN1 (Door)". */
void fw_report_log(struct fw *fw, int n, struct sb *o);

/* Alarm Function on/off for input i (0..5), from SMS or the scheduler. */
void fw_alarm_enable(struct fw *fw, int i, bool on);
/* Thermostat on/off for relay r (0..6). */
void fw_thermo_enable(struct fw *fw, int r, bool on);

/* sms.c */
void sms_handle(struct fw *fw, const struct modem_sms *sms);
void sms_ring(struct fw *fw, const char *number);
void sms_send(struct fw *fw, const char *number, const char *text);

/* usbcfg.c */
void usb_poll(struct fw *fw);

/* sched.c + clock.c */
void clock_set_from_ts(struct fw *fw, const char *ts); /* "yy/MM/dd,hh:mm:ss+zz" */
/* The modem's network time at start (AT+CCLK?): sets a clock not yet set,
 * unless it is a module's reset value (a year outside 2024..2079). */
void clock_set_from_network(struct fw *fw, const char *ts);
bool clock_now(const struct fw *fw, uint32_t *secs);   /* since 2000-01-01 */
void clock_format(uint32_t secs, struct sb *o);          /* "2026-11-21 10:00:00" */
void sched_poll(struct fw *fw);
uint64_t sched_deadline(const struct fw *fw);
void sched_run_action(struct fw *fw, const struct task *t);

/* thermo.c */
void thermo_init(struct fw *fw); /* at power-up: the connected sensors are installed */
void thermo_poll(struct fw *fw, bool sample);
/* Sensor s (0..4) is installed (new sensors are looked for first). */
bool thermo_installed(struct fw *fw, int s);
/* A rise/fall threshold of sensor s may change from was to now: the sensor
 * is installed, or the threshold stays as it is or goes OFF. */
bool thermo_threshold_allowed(struct fw *fw, int s, int16_t was, int16_t now);
bool thermo_in_control(const struct fw *fw, int r);
uint64_t thermo_deadline(const struct fw *fw);

#endif
