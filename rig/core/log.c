/* log.c - the one place that writes diagnostics to stderr. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>

int rr_loglevel = RR_LOG_WARN;

void rr_log(int level, const char *prefix, const char *fmt, ...)
{
	va_list ap;

	if (level > rr_loglevel)
		return;
	fprintf(stderr, "relayrig: %s", prefix);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
