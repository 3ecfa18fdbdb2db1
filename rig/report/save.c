/* save.c - atomic report files and timestamps. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "report.h"

int report_save(const char *path, const struct sbuf *b)
{
	char tmp[4096];
	FILE *f;
	int ok;

	if (!sb_ok(b))
		return RR_ERR_NOMEM;
	snprintf(tmp, sizeof(tmp), "%s.tmp.%d", path, (int)getpid());
	f = fopen(tmp, "w");
	if (!f)
		return errno == EACCES ? RR_ERR_PERM : RR_ERR_IO;
	ok = fwrite(b->s, 1, b->len, f) == b->len;
	ok = (fclose(f) == 0) && ok;
	if (!ok || rename(tmp, path) != 0) {
		unlink(tmp);
		return RR_ERR_IO;
	}
	return RR_OK;
}

void report_iso_time(double t, char *buf, size_t len)
{
	time_t s = (time_t)t;
	struct tm tm;
	int ms = (int)((t - (double)s) * 1000.0);

	gmtime_r(&s, &tm);
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		 ms < 0 ? 0 : ms > 999 ? 999 : ms);
}
