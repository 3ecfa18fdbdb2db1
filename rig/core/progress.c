/* progress.c - the --progress bar (progress.h). */
#include "progress.h"

#include <string.h>
#include <sys/time.h>

#define BAR 30

static double wall(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

static void mmss(char *buf, size_t len, double s)
{
	long t = s < 0 ? 0 : s > 1e7 ? 10000000
				     : (long)(s + 0.5);
	if (t >= 3600)
		snprintf(buf, len, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
	else
		snprintf(buf, len, "%ld:%02ld", t / 60, t % 60);
}

void progress_start(struct progress *p, FILE *out, int total)
{
	memset(p, 0, sizeof(*p));
	p->out = out;
	p->on = true;
	p->total = total;
	p->t0 = wall();
}

void progress_clear(struct progress *p)
{
	if (!p || !p->on || !p->drawn)
		return;
	fputs("\r\033[K", p->out);
	fflush(p->out);
	p->drawn = false;
}


static void draw(struct progress *p)
{
	char bar[BAR + 1], el[48], eta[48];
	double t = wall() - p->t0;
	int total = p->total > p->done ? p->total : p->done;
	int fill = total ? p->done * BAR / total : 0;

	memset(bar, '#', (size_t)fill);
	memset(bar + fill, '.', (size_t)(BAR - fill));
	bar[BAR] = '\0';
	mmss(el, sizeof(el), t);
	if (p->done > 0 && total > p->done)
		mmss(eta, sizeof(eta), t / p->done * (total - p->done));
	else
		snprintf(eta, sizeof(eta), p->done ? "0:00" : "?");
	fprintf(p->out, "\r\033[K[%s] %d/%d tests  %s elapsed  ETA %s", bar, p->done, total, el, eta);
	fflush(p->out);
	p->drawn = true;
}

void progress_tick(struct progress *p)
{
	if (!p || !p->on)
		return;
	p->done++;
	draw(p);
}

void progress_end(struct progress *p)
{
	if (!p || !p->on)
		return;
	if (!p->drawn)
		draw(p);
	fputc('\n', p->out);
	fflush(p->out);
	p->drawn = false;
	p->on = false;
}
