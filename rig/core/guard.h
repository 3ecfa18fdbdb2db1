/*
 * guard.h - what stops a test: the per-test wall-clock deadline and the
 * stop signals (SIGINT, SIGTERM).
 *
 * Waiting C code polls guard_check(); Lua code is stopped by a count hook
 * (guard_hook_*), which raises a Lua error at the next instructions once
 * the deadline passed or a signal arrived, and keeps raising until the
 * script is out of any pcall.
 */
#ifndef RR_GUARD_H
#define RR_GUARD_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

/* The stop signal received (SIGINT, SIGTERM) or 0. */
extern volatile sig_atomic_t guard_signal;

/* Catch SIGINT and SIGTERM (no SA_RESTART: blocking calls see EINTR). A
 * second signal while the first is handled ends the process at once,
 * after calling guard_last_words (async-signal-safe: it writes the
 * reports rendered so far) when set. */
extern void (*volatile guard_last_words)(void);
void guard_install_signals(void);
/* In a worker process: a second signal is not fatal (the parent forwards
 * the one the terminal also delivered). */
void guard_soft_signals(void);

/* Monotonic wall clock in ns. */
int64_t guard_now_ns(void);

/* Arm the deadline seconds from now (<= 0: disarm). */
void guard_arm(double seconds);
/* Called at each guard_check() when set (waits check often): cheap work
 * that may be done while a test waits (the reports' snapshot). */
extern void (*volatile guard_idle)(void);
/* RR_OK, RR_ERR_INTR after a stop signal, RR_ERR_DEADLINE past the
 * deadline. */
int guard_check(void);
/* "test exceeded its time limit of 3 s" for the limit armed last. */
const char *guard_limit_message(void);
/* Wall milliseconds left before the deadline (INT32_MAX when disarmed). */
int guard_left_ms(void);

struct lua_State;
/* Install / remove the count hook on L. */
void guard_hook_on(struct lua_State *L);
void guard_hook_off(struct lua_State *L);

#endif
