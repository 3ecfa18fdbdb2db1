/* ctx.c - the unit session's lifetime and the measurement list. */
#define LOG_PREFIX "run: "
#include "ctx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "log.h"
#include "rigfile/rigfile.h"

void ctx_use_rig(struct rr_ctx *c, const struct rigfile *rf)
{
	c->rig = rf;
	c->drv = rig_driver_find(rf->driver);
	c->caps = c->drv ? c->drv->caps & ~c->without : 0;
	ctx_reset_unit(c);
}

void ctx_reset_unit(struct rr_ctx *c)
{
	if (c->rig)
		rigfile_unit_defaults(c->rig, &c->unit);
	c->unit_fresh = false;
}

/* A setup error: the run stops here, reported once. */
static struct session *setup_failed(struct rr_ctx *c)
{
	c->open_failures++;
	c->stop = true;
	return NULL;
}

int ctx_check_serial(struct rr_ctx *c, const struct session *s, char *err, size_t errlen)
{
	const char *want = c->opts ? c->opts->serial : NULL;
	const char *got = session_serial(s);

	if (!want || c->unit_fresh)
		return 0;
	if (!got[0]) {
		if (!c->serial_warned)
			rr_warn("the %s rig cannot read the unit's serial number: --serial %s is recorded unchecked",
				session_driver(s), want);
		c->serial_warned = true;
		return 0;
	}
	if (!strcmp(want, got))
		return 0;
	if (c->opts->force_serial) {
		if (!c->serial_warned)
			rr_warn("the unit reports serial %s; recording --serial %s (--force-serial)",
				got, want);
		c->serial_warned = true;
		return 0;
	}
	snprintf(err, errlen, "the unit on the rig reports serial %s, not --serial %s: is it the unit "
			      "you meant? (--force-serial records %s anyway)",
		 got, want, want);
	return -1;
}

struct session *ctx_session(struct rr_ctx *c, char *err, size_t errlen)
{
	int rc;

	if (c->sess)
		return c->sess;
	if (c->no_unit) {
		snprintf(err, errlen, "a summarize hook runs without a unit: it cannot use the rig");
		return NULL;
	}
	if (!c->drv || !c->rig) {
		snprintf(err, errlen, "no rig to start a unit on");
		return setup_failed(c);
	}
	rc = session_open(c->drv, c->rig, &c->unit, &c->sess, err, errlen);
	if (rc < 0) {
		/* A rig that cannot start a unit will not start the next one
		 * either: the run stops here with a setup error, reported once. */
		return setup_failed(c);
	}
	if (ctx_check_serial(c, c->sess, err, errlen) < 0) {
		ctx_end_session(c);
		return setup_failed(c);
	}
	c->units++;
	if (session_fw(c->sess)[0])
		snprintf(c->fw, sizeof(c->fw), "%s", session_fw(c->sess));
	if (session_serial(c->sess)[0] && !c->unit_fresh)
		snprintf(c->serial, sizeof(c->serial), "%s", session_serial(c->sess));
	rr_dbg("unit %d started (firmware %s)", c->units, c->fw);
	return c->sess;
}

void ctx_end_session(struct rr_ctx *c)
{
	if (!c->sess)
		return;
	session_close(c->sess, c->safe_state, sizeof(c->safe_state));
	c->sess = NULL;
}

int ctx_add_measure(struct rr_ctx *c, const struct rr_measure *m)
{
	struct rr_measure *d;

	if (c->nm == c->mcap) {
		int cap = c->mcap ? c->mcap * 2 : 8;
		d = realloc(c->m, (size_t)cap * sizeof(*d));
		if (!d)
			return RR_ERR_NOMEM;
		c->m = d;
		c->mcap = cap;
	}
	d = &c->m[c->nm++];
	*d = *m;
	d->name = rr_strdup(m->name);
	d->units = rr_strdup(m->units);
	return RR_OK;
}

void ctx_take_measures(struct rr_ctx *c, struct rr_result *r)
{
	r->m = c->m;
	r->nm = c->nm;
	c->m = NULL;
	c->nm = c->mcap = 0;
	rr_cell_complete(&c->cell, r->cell);
	r->cell = c->cell;
	c->cell = NULL;
}
