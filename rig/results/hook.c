/* hook.c - storing a finished run (see hook.h). */
#define LOG_PREFIX "results: "
#include "hook.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "report.h"
#include "sbuf.h"
#include "db.h"
#include "store.h"

static const char *report_dir(void)
{
	const char *r = getenv("RELAYRIG_REPORTS");
	return r && *r ? r : "reports";
}

/* The Product Information Card a test saved in the report folder during
 * this run (card.txt: "[tab]" lines, then KEY=VALUE lines). */
static char *read_card(double since)
{
	char path[4200];
	struct stat st;
	snprintf(path, sizeof(path), "%s/card.txt", report_dir());
	if (stat(path, &st) < 0 || (double)st.st_mtime + 1.0 < since)
		return NULL;
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	struct sbuf b;
	char buf[4096];
	size_t n;
	sb_init(&b);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_putn(&b, buf, n);
	fclose(f);
	return sb_steal(&b);
}

/* KEY's value in the card's [tab] section, copied, or NULL. */
static char *card_value(const char *card, const char *tab, const char *key)
{
	char head[64];
	size_t kl = strlen(key);
	snprintf(head, sizeof(head), "[%s]", tab);
	const char *p = card ? strstr(card, head) : NULL;
	while (p && (p = strchr(p, '\n'))) {
		p++;
		if (*p == '[')
			return NULL;
		if (!strncmp(p, key, kl) && p[kl] == '=') {
			const char *v = p + kl + 1, *e = strchr(v, '\n');
			size_t n = e ? (size_t)(e - v) : strlen(v);
			while (n && v[n - 1] == '\r')
				n--;
			char *o = malloc(n + 1);
			if (o) {
				memcpy(o, v, n);
				o[n] = '\0';
			}
			return o;
		}
	}
	return NULL;
}

int results_after_run(const struct rr_opts *o, struct rr_run *run)
{
	struct store_meta m;
	struct store *st = NULL;
	char url[1200], err[1024], spool[4400];
	struct sbuf b;
	long long id = 0;
	const char *uid = getenv("RELAYRIG_STATION_UNIT");

	const char *env = getenv("RELAYRIG_DB");
	if (o->no_db || (!o->db && env && !strcmp(env, "none")))
		return 0;
	memset(&m, 0, sizeof(m));
	m.operator_ = rr_strdup(run->operator_name ? run->operator_name : getenv("RELAYRIG_OPERATOR"));
	m.label = rr_strdup(o->label);
	char *abs = realpath(report_dir(), NULL);
	m.files = abs ? abs : rr_strdup(report_dir());
	m.unit_id = uid ? atoll(uid) : 0;
	/* a card a test saved during the run (the unit as the test found it),
	 * else the unit's tabs the reports read after the run */
	m.card = read_card(run->t_start);
	if (!m.card)
		m.card = rr_strdup(run->unit_tabs);
	else if (!run->unit_tabs)
		run->unit_tabs = rr_strdup(m.card);
	if (m.card) {
		char *ser = card_value(m.card, "info", "SERIAL");
		char *acs = card_value(m.card, "info", "ACSENSOR");
		m.hardware = card_value(m.card, "info", "HW");
		if (!run->firmware)
			run->firmware = card_value(m.card, "info", "VERSION");
		if (!run->serial && ser && *ser)
			rr_set(&run->serial, ser);
		m.model = rr_strdup(acs && !strcmp(acs, "NO") ? "iSocket Smart Relay, no AC sensor"
							      : "iSocket Smart Relay");
		free(ser);
		free(acs);
	}
	sb_init(&b);
	report_json(run, &b);
	m.record = sb_steal(&b);

	if (o->db)
		snprintf(url, sizeof(url), "%s", o->db);
	else
		store_default_url(url, sizeof(url));
	int rc = store_open(url, &st, err, sizeof(err));
	if (rc == 0) {
		rc = store_save(st, run, &m, &id, err, sizeof(err));
		if (rc < 0 && db_lost(store_db(st))) {
			char e2[600];
			if (store_reconnect(st, e2, sizeof(e2)) == 0)
				rc = store_save(st, run, &m, &id, err, sizeof(err));
		}
		store_close(st);
	}
	char shown[1200];
	store_shown_url(url, shown, sizeof(shown));
	fflush(stdout); /* our lines on stderr never split one of the console's */
	if (rc == 0) {
		if (o->db || o->verbose || uid)
			fprintf(stderr, "relayrig: run %lld stored in %s\n", id, shown);
		store_meta_free(&m);
		return 0;
	}
	/* keep the record: the report folder's unstored/ */
	snprintf(spool, sizeof(spool), "%s/unstored", report_dir());
	mkdir(report_dir(), 0777);
	mkdir(spool, 0777);
	snprintf(spool, sizeof(spool), "%s/unstored/run-%.0f-%ld.rec", report_dir(), run->t_start * 1000,
		 (long)getpid());
	bool kept = store_spool_write(spool, run, &m) == 0;
	fprintf(stderr, "relayrig: the record of this run was NOT stored in %s: %s\n", shown, err);
	if (kept)
		fprintf(stderr, "relayrig: the record is kept in %s (relayrig results import %s)\n",
			spool, spool);
	else
		fprintf(stderr, "relayrig: the record could not be kept in %s either: %s\n", spool,
			strerror(errno));
	store_meta_free(&m);
	return RESULTS_NOT_STORED;
}
