/* save.c - atomic report files, the check of a report path before a run,
 * partial-run names, and timestamps. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "report.h"

/* Write all of buf to fd; false (errno set) on a short write. */
static bool write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = ENOSPC;
			return false;
		}
		s += w;
		n -= (size_t)w;
	}
	return true;
}

int report_save(const char *path, const struct sbuf *b)
{
	char tmp[4096];
	int fd, e;

	if (!sb_ok(b)) {
		errno = ENOMEM;
		return RR_ERR_NOMEM;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp.%d", path, (int)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return errno == EACCES ? RR_ERR_PERM : RR_ERR_IO;
	if (!write_all(fd, b->s, b->len) || fsync(fd) != 0) {
		e = errno;
		close(fd);
		unlink(tmp);
		errno = e;
		return RR_ERR_IO;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		e = errno;
		unlink(tmp);
		errno = e;
		return RR_ERR_IO;
	}
	return RR_OK;
}

int report_check_path(const char *path, char *err, size_t errlen)
{
	char tmp[4096];
	struct stat st;
	int fd;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s is a folder, not a file", path);
		return -1;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp.%d", path, (int)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	close(fd);
	unlink(tmp);
	return 0;
}

void report_partial_path(const char *path, char *out, size_t len)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash + 1 : path, '.');

	if (!dot || dot == (slash ? slash + 1 : path))
		snprintf(out, len, "%s.partial", path);
	else
		snprintf(out, len, "%.*s.partial%s", (int)(dot - path), path, dot);
}

void report_iso_time(double t, char *buf, size_t len)
{
	time_t s = (time_t)t;
	struct tm tm;
	int ms = (int)((t - (double)s) * 1000.0);

	gmtime_r(&s, &tm);
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		 ms < 0 ? 0 : ms > 999 ? 999
				       : ms);
}
