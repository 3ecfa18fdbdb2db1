/* unit.c - registry and runner behind unit.h. */
#include "unit.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#define UNIT_MAX 1024

static struct {
	const char *name, *file;
	unit_fn fn;
} tests[UNIT_MAX];
static int ntests, cur_failed;

void unit_register(const char *name, unit_fn fn, const char *file)
{
	if (ntests == UNIT_MAX) {
		fprintf(stderr, "unit: more than %d tests\n", UNIT_MAX);
		exit(2);
	}
	tests[ntests].name = name;
	tests[ntests].file = file;
	tests[ntests].fn = fn;
	ntests++;
}

void unit_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	fprintf(stdout, "    %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	cur_failed = 1;
}

int unit_failed_now(void) { return cur_failed; }

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;
	const char *filter = argc > 1 ? argv[1] : NULL;
	for (int i = 0; i < ntests; i++) {
		if (filter && !strstr(tests[i].name, filter))
			continue;
		cur_failed = 0;
		tests[i].fn();
		if (cur_failed) {
			printf("not ok %s (%s)\n", tests[i].name, tests[i].file);
			failed++;
		} else {
			passed++;
		}
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
