/*
 * mutants.h - deliberate deviations from the documented behaviour, one per
 * build, so that the certification can prove it catches each of them
 * (`make mutants`). A normal build defines none and every M_* is 0; the
 * code tests them with plain `if`s, so they cost nothing.
 *
 *   make MUTANT=<name>      e.g. make MUTANT=aon-opt2 bin/isocket-sim
 */
#ifndef FW_MUTANTS_H
#define FW_MUTANTS_H

#define FW_MUTANT_NAMES                                                       \
	"aon-opt2 alarm-relay-opt3 missed-task-later relays-held "            \
	"thermo-in-backup wrong-refusal ac-ignored sms-with-usb "             \
	"sign-limited sched-edit-blocked"

/* Alarm Function (AON/AOFF/ISTAT, alarms) limited under Option 2 too. */
#ifdef FW_MUTANT_AON_OPT2
#define M_AON_OPT2 1
#else
#define M_AON_OPT2 0
#endif

/* Relays tied to inputs blocked under Option 3 (AC failed, 12 V OK). */
#ifdef FW_MUTANT_ALARM_RELAY_OPT3
#define M_ALARM_RELAY_OPT3 1
#else
#define M_ALARM_RELAY_OPT3 0
#endif

/* A relay task missed in backup mode runs when backup mode ends. */
#ifdef FW_MUTANT_MISSED_TASK_LATER
#define M_MISSED_TASK_LATER 1
#else
#define M_MISSED_TASK_LATER 0
#endif

/* Relay coils stay driven when 12 V fails. */
#ifdef FW_MUTANT_RELAYS_HELD
#define M_RELAYS_HELD 1
#else
#define M_RELAYS_HELD 0
#endif

/* The thermostat keeps switching in backup mode. */
#ifdef FW_MUTANT_THERMO_IN_BACKUP
#define M_THERMO_IN_BACKUP 1
#else
#define M_THERMO_IN_BACKUP 0
#endif

/* The backup-mode refusal text differs from the documented one. */
#ifdef FW_MUTANT_WRONG_REFUSAL
#define M_WRONG_REFUSAL 1
#else
#define M_WRONG_REFUSAL 0
#endif

/* BACKUPLIMIT=AC ignores the AC voltage sensor. */
#ifdef FW_MUTANT_AC_IGNORED
#define M_AC_IGNORED 1
#else
#define M_AC_IGNORED 0
#endif

/* SMS are processed while USB is attached. */
#ifdef FW_MUTANT_SMS_WITH_USB
#define M_SMS_WITH_USB 1
#else
#define M_SMS_WITH_USB 0
#endif

/* Scheduled TEMP and SIGN are limited in backup mode. */
#ifdef FW_MUTANT_SIGN_LIMITED
#define M_SIGN_LIMITED 1
#else
#define M_SIGN_LIMITED 0
#endif

/* Scheduler edits by SMS are refused in backup mode. */
#ifdef FW_MUTANT_SCHED_EDIT_BLOCKED
#define M_SCHED_EDIT_BLOCKED 1
#else
#define M_SCHED_EDIT_BLOCKED 0
#endif

#endif
