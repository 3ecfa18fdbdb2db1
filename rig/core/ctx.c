/* ctx.c - the unit session's lifetime and the measurement list. */
#define LOG_PREFIX "run: "
#include "ctx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "log.h"

struct session *ctx_session(struct rr_ctx *c, char *err, size_t errlen)
{
	char opts[sizeof(c->drv_opts) + sizeof(c->extra_opts) + 2];
	int rc;

	if (c->sess)
		return c->sess;
	if (c->no_unit) {
		snprintf(err, errlen, "a summarize hook runs without a unit: it cannot use the rig");
		return NULL;
	}
	snprintf(opts, sizeof(opts), "%s%s%s", c->drv_opts,
		 c->extra_opts[0] ? ";" : "", c->extra_opts);
	rc = session_open(c->drv, opts, &c->sess, err, errlen);
	if (rc < 0) {
		/* A rig that cannot start a unit will not start the next one
		 * either: the run stops here with a setup error, reported once. */
		c->open_failures++;
		c->stop = true;
		return NULL;
	}
	c->units++;
	if (c->sess->fw[0])
		snprintf(c->fw, sizeof(c->fw), "%s", c->sess->fw);
	if (c->sess->serial[0])
		snprintf(c->serial, sizeof(c->serial), "%s", c->sess->serial);
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
