/*
 * settings.h - the unit's configuration: what the USB tabs and the SMS
 * configuration commands read and write, kept in non-volatile memory.
 *
 * Every setting is described once in a key table (settings.c) with its tab,
 * type and limits; the SMS interpreter (KEY=VALUE, KEY?) and the USB
 * protocol (READ/WRITE <tab>) both go through it.
 */
#ifndef FW_SETTINGS_H
#define FW_SETTINGS_H

#include <stdbool.h>
#include <stdint.h>

#include "hal.h"
#include "util.h"

#define SET_NUMBERS 10    /* security list and alert numbers, each */
#define SET_CENTRE 5      /* security-centre numbers: input alarms only */
#define SET_NUMBER_LEN 18 /* "+" and 17 digits */
#define SET_PASSWORD_LEN 5
#define SET_ALIAS_LEN 15
#define SET_TASKS 20
#define SET_TEMP_OFF INT16_MIN /* a temperature threshold that is not set */
#define SET_BATLEVELS 4

enum backup_limit {
	BL_DC = 0,
	BL_AC = 1,
	BL_OFF = 2
};
enum call_confirm {
	CC_SMS = 0,
	CC_CALL = 1,
	CC_OFF = 2
};
enum power_state {
	PS_REMEMBER = 0,
	PS_ON = 1,
	PS_OFF = 2
};
enum thermo_mode {
	TM_HEAT = 0,
	TM_COOL = 1
};
enum input_type {
	IT_NO = 0,
	IT_NC = 1
};
enum input_alert {
	IA_SMS = 0,
	IA_CALL = 1,
	IA_OFF = 2
};

/* Ring action: what a call from a security number does. */
enum ring_kind {
	RA_NONE = 0,
	RA_ON,
	RA_OFF,
	RA_PULSE,
	RA_RESTART
};

/* Scheduler action codes (Configuration Guide 3.4). */
enum task_action {
	TA_NONE = 0,
	TA_ONR,
	TA_OFFR,
	TA_PULR,
	TA_RSTAT,
	TA_TON,
	TA_TOFF, /* relay rows */
	TA_TEMP,
	TA_SIGN, /* reports */
	TA_AON,
	TA_AOFF,
	TA_ISTAT,
	TA_AONALL,
	TA_AOFFALL, /* inputs */
	TA_COUNT
};

struct task {
	uint8_t used;
	uint8_t hh, mm;
	uint8_t day;    /* 0 = every day, 1..7 = Monday..Sunday */
	uint8_t action; /* enum task_action */
	uint8_t arg;    /* relay 1..7 or input 1..6, 0 when unused */
};

struct settings {
	/* Security and Notifications */
	uint8_t security; /* security by numbers on/off */
	char numbers[SET_NUMBERS][SET_NUMBER_LEN + 1];
	char alerts[SET_NUMBERS][SET_NUMBER_LEN + 1];
	char centre[SET_CENTRE][SET_NUMBER_LEN + 1]; /* security centre */
	char password[SET_PASSWORD_LEN + 1];
	char renew_password[SET_PASSWORD_LEN + 1];
	uint8_t dc_alert, ac_alert;
	uint8_t bat_levels[SET_BATLEVELS]; /* 0 = unused, descending */
	uint8_t mic_level;
	/* Ring */
	uint8_t ring_kind, ring_relay;
	uint8_t pulse_time, restart_time; /* seconds */
	/* Confirmations and Errors */
	uint8_t sms_confirm, call_confirm, error_replies, unauth_replies;
	/* Temperature */
	int16_t temp_high[HAL_SENSORS], temp_low[HAL_SENSORS]; /* 0.1 degC */
	/* Thermostat */
	uint8_t th_sensor[HAL_RELAYS]; /* 1..5, 0 = none */
	uint8_t th_mode[HAL_RELAYS];
	int16_t th_temp[HAL_RELAYS];
	uint8_t th_on[HAL_RELAYS], th_alert[HAL_RELAYS];
	uint8_t sensor_alert;
	/* Backup mode */
	uint8_t backup_limit;
	/* Scheduler */
	struct task tasks[SET_TASKS];
	/* Alarm inputs */
	char in_alias[HAL_INPUTS][SET_ALIAS_LEN + 1];
	uint8_t in_type[HAL_INPUTS];
	uint8_t in_relays[HAL_INPUTS]; /* bit r-1 set: relay r tied to input */
	uint16_t in_time[HAL_INPUTS];  /* seconds the tied relays stay on */
	uint8_t in_alert[HAL_INPUTS];
	uint8_t in_alarm[HAL_INPUTS]; /* Alarm Function on/off */
	/* Power resume */
	uint8_t power_state[HAL_RELAYS];
	/* Aliases */
	char alias[HAL_RELAYS][SET_ALIAS_LEN + 1];
	/* Not a key: set when the store was lost or its security settings were
	 * repaired; SMS management stays closed until a USB WRITE security. */
	uint8_t sms_locked;
};

enum tab {
	TAB_SECURITY,
	TAB_RING,
	TAB_CONFIRM,
	TAB_TEMPERATURE,
	TAB_THERMOSTAT,
	TAB_BACKUP,
	TAB_SCHEDULER,
	TAB_INPUTS,
	TAB_POWER,
	TAB_ALIASES,
	TAB_INFO,
	TAB_COUNT
};

extern const char *const tab_names[TAB_COUNT];

struct key_def; /* opaque: an entry of the key table */

/* Result of applying a KEY=VALUE. */
enum set_result {
	SET_OK = 0,
	SET_UNKNOWN_KEY,
	SET_BAD_VALUE,
	SET_READ_ONLY,
	SET_NOT_INSTALLED, /* a threshold for a temperature sensor not installed */
};

void settings_defaults(struct settings *s);
/* Reset only the keys of one tab to their defaults. */
void settings_tab_defaults(struct settings *s, enum tab t);

/* Copy the keys of one tab from src to dst. */
void settings_copy_tab(struct settings *dst, const struct settings *src, enum tab t);

/* Find a key "NAME" or "NAMEn" in text[0..n). *idx gets 0..count-1. */
const struct key_def *settings_find(const char *text, size_t n, unsigned *idx);
enum tab settings_key_tab(const struct key_def *k);
/* Apply value v[0..vn) to key k (index idx). */
enum set_result settings_set(struct settings *s, const struct key_def *k,
			     unsigned idx, const char *v, size_t vn);
/* Write "NAMEn=value" for key k / index idx. With choices, enums and
 * switches are written as "NAME=(current),other,other". */
void settings_format(const struct settings *s, const struct key_def *k,
		     unsigned idx, bool choices, struct sb *out);

/* Where element idx of key k lives in struct settings, and its size. */
size_t settings_key_offset(const struct key_def *k, unsigned idx, size_t *size);

/* Iterate over every key/index of a tab: call with *pos = 0 until false. */
bool settings_next(enum tab t, unsigned *pos, const struct key_def **k,
		   unsigned *idx);

/* Task text "10:00,*,ONR1" <-> struct task. */
bool task_parse(const char *s, size_t n, struct task *t);
void task_format(const struct task *t, struct sb *out);
/* Does this action switch relays (limited like NOTE-C relay row)? */
bool task_is_relay_action(uint8_t action);
bool task_is_input_action(uint8_t action);

/* Numbers: "+37060000001" style, 3..17 digits with an optional "+". */
bool number_valid(const char *s, size_t n);
bool number_eq(const char *a, const char *b);

/* Non-volatile store: a header with a checksum, then the settings. */
enum nv_status {
	NV_OK = 0,   /* valid record, every field valid */
	NV_BLANK,    /* erased store (factory-new): defaults, written back */
	NV_REPAIRED, /* valid record, bad fields replaced by their defaults */
	NV_CORRUPT,  /* bad header or checksum: defaults, SMS locked */
};
#define SET_REPAIR_BITS 160 /* one per key element, in key-table order */
#define SET_REPAIR_BYTES (SET_REPAIR_BITS / 8)

/* Load the store into s (scratch: working space for the defaults).
 * repaired[SET_REPAIR_BYTES] gets a bit per field replaced by its default.
 * Sets s->sms_locked when the store was corrupt or a security field (SECURITY,
 * NUMn, PASSWORD) was repaired. */
enum nv_status settings_load(struct settings *s, struct settings *scratch,
			     uint8_t *repaired);
bool settings_save(const struct settings *s);
/* The stored record as it is, unchecked (its checksum and fields may be
 * wrong); false when the store holds no record of this version. */
bool settings_read_stored(struct settings *s);
/* Check every field of s; each bad one takes its value from d and gets its
 * bit in repaired. Returns the number of fields repaired. */
unsigned settings_repair(struct settings *s, const struct settings *d, uint8_t *repaired);
/* Iterate over the repaired elements: call with *ord = 0 until false. */
bool settings_next_repaired(const uint8_t *repaired, unsigned *ord,
			    const struct key_def **k, unsigned *idx);
/* "NAME" or "NAMEn". */
void settings_key_name(const struct key_def *k, unsigned idx, struct sb *out);
/* "RINGACTION,TASK3" for the bits set in repaired. */
void settings_repaired_list(const uint8_t *repaired, struct sb *out);

#endif
