/*
 * log.h - diagnostics on stderr with a per-file prefix.
 *
 * Each .c file defines LOG_PREFIX ("sim: ", "run: ") before including this
 * header and logs with rr_error/rr_warn/rr_info/rr_dbg. Library code never
 * prints anything else on stderr; results go through the report writers.
 */
#ifndef RR_LOG_H
#define RR_LOG_H

enum rr_loglevel {
	RR_LOG_NONE = 0,
	RR_LOG_ERR = 1,
	RR_LOG_WARN = 2,
	RR_LOG_INFO = 3,
	RR_LOG_DBG = 4,
};

/* Messages above this level are dropped (default RR_LOG_WARN). */
extern int rr_loglevel;

void rr_log(int level, const char *prefix, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#ifndef LOG_PREFIX
#define LOG_PREFIX ""
#endif
#define rr_error(...) rr_log(RR_LOG_ERR, LOG_PREFIX, __VA_ARGS__)
#define rr_warn(...) rr_log(RR_LOG_WARN, LOG_PREFIX, __VA_ARGS__)
#define rr_info(...) rr_log(RR_LOG_INFO, LOG_PREFIX, __VA_ARGS__)
#define rr_dbg(...) rr_log(RR_LOG_DBG, LOG_PREFIX, __VA_ARGS__)

#endif
