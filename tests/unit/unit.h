/*
 * unit.h - a minimal unit-test framework for the project's C tests.
 *
 * TEST(name) { ... } defines and registers a test. CHECK* macros record a
 * failure with file:line and carry on; REQUIRE* return from the test.
 * Each test binary links tests/unit/unit.c, whose main() runs every
 * registered test (or those whose name contains argv[1]) and ends with the
 * line "N passed, N failed".
 */
#ifndef UNIT_H
#define UNIT_H

#include <stdint.h>
#include <string.h>

typedef void (*unit_fn)(void);
void unit_register(const char *name, unit_fn fn, const char *file);
void unit_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int unit_failed_now(void);

#define TEST(name)                                                            \
	static void name(void);                                               \
	__attribute__((constructor)) static void unit_reg_##name(void)        \
	{                                                                     \
		unit_register(#name, name, __FILE__);                         \
	}                                                                     \
	static void name(void)

#define CHECK(c)                                                              \
	do {                                                                  \
		if (!(c))                                                     \
			unit_fail(__FILE__, __LINE__, "CHECK(%s)", #c);       \
	} while (0)
#define CHECK_INT(a, b)                                                       \
	do {                                                                  \
		long long unit_a = (long long)(a), unit_b = (long long)(b);   \
		if (unit_a != unit_b)                                         \
			unit_fail(__FILE__, __LINE__,                         \
				  "%s == %s: expected %lld, got %lld", #a, #b, \
				  unit_b, unit_a);                            \
	} while (0)
#define CHECK_STR(a, b)                                                       \
	do {                                                                  \
		const char *unit_a = (a), *unit_b = (b);                      \
		if (!unit_a || !unit_b || strcmp(unit_a, unit_b) != 0)        \
			unit_fail(__FILE__, __LINE__,                         \
				  "%s: expected \"%s\", got \"%s\"", #a,      \
				  unit_b ? unit_b : "(null)",                 \
				  unit_a ? unit_a : "(null)");                \
	} while (0)
#define REQUIRE(c)                                                            \
	do {                                                                  \
		if (!(c)) {                                                   \
			unit_fail(__FILE__, __LINE__, "REQUIRE(%s)", #c);     \
			return;                                               \
		}                                                             \
	} while (0)

#endif
