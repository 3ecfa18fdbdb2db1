/* guard.c - deadlines, stop signals, and the Lua count hook. */
#include "guard.h"

#include <lauxlib.h>
#include <lua.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "err.h"

#define HOOK_COUNT 1000 /* VM instructions between deadline checks */

volatile sig_atomic_t guard_signal;
static volatile sig_atomic_t soft;
static int64_t deadline_ns; /* 0 = disarmed */
static double armed_s;

void (*volatile guard_last_words)(void);

static void on_signal(int sig)
{
	static const char msg[] = "relayrig: second signal, exiting now\n";

	if (guard_signal && !soft) {
		ssize_t w = write(2, msg, sizeof(msg) - 1);
		(void)w;
		if (guard_last_words)
			guard_last_words();
		_exit(128 + sig);
	}
	guard_signal = sig;
}

void guard_install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

void guard_soft_signals(void)
{
	soft = 1;
}

int64_t guard_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void guard_arm(double seconds)
{
	armed_s = seconds;
	deadline_ns = seconds > 0 ? guard_now_ns() + (int64_t)(seconds * 1e9) : 0;
}

void (*volatile guard_idle)(void);

int guard_check(void)
{
	if (guard_idle)
		guard_idle();
	if (guard_signal)
		return RR_ERR_INTR;
	if (deadline_ns && guard_now_ns() >= deadline_ns)
		return RR_ERR_DEADLINE;
	return RR_OK;
}

int guard_left_ms(void)
{
	int64_t left;

	if (!deadline_ns)
		return INT32_MAX;
	left = (deadline_ns - guard_now_ns()) / 1000000;
	if (left < 0)
		return 0;
	return left > INT32_MAX ? INT32_MAX : (int)left;
}

static void hook(lua_State *L, lua_Debug *ar)
{
	int rc = guard_check();

	(void)ar;
	if (rc == RR_OK)
		return;
	/* From now on fire at every instruction, so that a pcall in the
	 * script cannot swallow the stop for long. */
	lua_sethook(L, hook, LUA_MASKCOUNT, 1);
	if (rc == RR_ERR_INTR)
		luaL_error(L, "interrupted by signal %d", (int)guard_signal);
	luaL_error(L, "%s", guard_limit_message());
}

const char *guard_limit_message(void)
{
	static char msg[96]; /* lua_pushfstring has no %g */
	snprintf(msg, sizeof(msg), "test exceeded its time limit of %g s", armed_s);
	return msg;
}

void guard_hook_on(lua_State *L)
{
	lua_sethook(L, hook, LUA_MASKCOUNT, HOOK_COUNT);
}

void guard_hook_off(lua_State *L)
{
	lua_sethook(L, NULL, 0, 0);
}
