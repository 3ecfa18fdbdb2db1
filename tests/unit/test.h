/*
 * test.h - the project's C unit tests, on cmocka.
 *
 * A test file includes this header and defines its tests with
 *
 *     TEST(name) { assert_int_equal(f(1), 2); ... }
 *
 * using cmocka's assertions (assert_true, assert_int_equal,
 * assert_string_equal, fail_msg, ...). TEST registers the test with the
 * runner linked into every test program (tests/unit/main.c), which hands
 * the registered tests to cmocka as one group per program and runs each in
 * a process of its own: a crash or a hang fails that test and the others
 * still run and report. The order is the link order, then file order.
 */
#ifndef TEST_H
#define TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

typedef void (*test_fn)(void **state);
void test_register(const char *name, test_fn fn, const char *file, int line);

/* A failure at FILE:LINE with a formatted message (for helpers that check
 * on behalf of their caller). Does not return. */
void test_fail_at(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4), noreturn));

/* waitpid with a deadline: waits up to ms for pid to end, then kills it
 * (SIGKILL) and collects it. Returns 1 when it ended by itself, 0 when it
 * was killed; *status as waitpid sets it (status may be NULL). */
int test_wait_child(int pid, int *status, int ms);

#define TEST(name)                                                     \
	static void name(void **state);                                \
	__attribute__((constructor)) static void test_reg_##name(void) \
	{                                                              \
		test_register(#name, name, __FILE__, __LINE__);        \
	}                                                              \
	static void name(void **state __attribute__((unused)))

#endif
