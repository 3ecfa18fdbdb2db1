/*
 * clock.c - the unit's wall clock, set from an SMS timestamp (SIGNALREPORT)
 * or the module's network time at start.
 */
#include "fw_internal.h"

/* Days since 2000-01-01 of a civil date (proleptic Gregorian). */
static int32_t days_from_civil(int32_t y, int32_t m, int32_t d)
{
	y -= m <= 2;
	int32_t era = (y >= 0 ? y : y - 399) / 400;
	int32_t yoe = y - era * 400;
	int32_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 730425; /* 730425: 0000-03-01 .. 2000-01-01 */
}

static void civil_from_days(int32_t z, int32_t *y, int32_t *m, int32_t *d)
{
	z += 730425;
	int32_t era = (z >= 0 ? z : z - 146096) / 146097;
	int32_t doe = z - era * 146097;
	int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int32_t mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

static bool two(const char *s, int32_t *v)
{
	return parse_int(s, 2, v) && s[0] != '-' && s[0] != '+';
}

void clock_set_from_ts(struct fw *fw, const char *ts)
{
	int32_t yy, mo, dd, hh, mi, ss;
	if (str_len(ts) < 17 || ts[2] != '/' || ts[5] != '/' || ts[8] != ',' ||
	    ts[11] != ':' || ts[14] != ':' || !two(ts, &yy) || !two(ts + 3, &mo) ||
	    !two(ts + 6, &dd) || !two(ts + 9, &hh) || !two(ts + 12, &mi) ||
	    !two(ts + 15, &ss) || mo < 1 || mo > 12 || dd < 1 || dd > 31 ||
	    hh > 23 || mi > 59 || ss > 59)
		return;
	int32_t days = days_from_civil(2000 + yy, mo, dd);
	fw->clock_base_s = (uint32_t)days * 86400u + (uint32_t)(hh * 3600 + mi * 60 + ss);
	fw->clock_base_ms = hal_now_ms();
	fw->clock_set = true;
	/* Tasks between the old and the new time are not run. */
	fw->last_minute = fw->clock_base_s / 60u;
}

void clock_set_from_network(struct fw *fw, const char *ts)
{
	int32_t yy;
	/* SIM800-class modules answer their RTC reset value (2004, or 1980 on
	 * some) when the network gave no time: not a time to run tasks on. */
	if (fw->clock_set || !two(ts, &yy) || yy < 24 || yy > 79)
		return;
	clock_set_from_ts(fw, ts);
}

uint64_t clock_wall_ms(const struct fw *fw)
{
	return (uint64_t)fw->clock_base_s * 1000u + (hal_now_ms() - fw->clock_base_ms);
}

bool clock_now(const struct fw *fw, uint32_t *secs)
{
	if (!fw->clock_set)
		return false;
	*secs = (uint32_t)(clock_wall_ms(fw) / 1000u);
	return true;
}

void clock_format(uint32_t secs, struct sb *o)
{
	int32_t y, m, d;
	uint32_t sod = secs % 86400u;
	civil_from_days((int32_t)(secs / 86400u), &y, &m, &d);
	sb_int(o, y);
	sb_putc(o, '-');
	sb_int2(o, m);
	sb_putc(o, '-');
	sb_int2(o, d);
	sb_putc(o, ' ');
	sb_int2(o, (int)(sod / 3600u));
	sb_putc(o, ':');
	sb_int2(o, (int)(sod / 60u % 60u));
	sb_putc(o, ':');
	sb_int2(o, (int)(sod % 60u));
}
