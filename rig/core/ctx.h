/*
 * ctx.h - the state one runner process (or worker) carries across test
 * files: options, the chosen driver, the current unit session, and the
 * measurements of the test in progress. Lua bindings reach it through
 * the Lua state's extra space.
 */
#ifndef RR_CTX_H
#define RR_CTX_H

#include <stdbool.h>

#include "cli.h"
#include "progress.h"
#include "result.h"
#include "rig.h"
#include "session.h"

struct rr_ctx {
	const struct rr_opts *opts;
	const struct rig_driver *drv; /* the rig's driver (rig->driver) */
	const struct rigfile *rig;    /* the rig this process drives */
	struct unit_opts unit;        /* the next unit: the rig's defaults or rig.fresh{}'s */
	bool unit_fresh;              /* unit was chosen by rig.fresh{} (for this file) */
	unsigned without;             /* capabilities taken away by --without */
	bool serial_warned;           /* said once that --serial cannot be checked */
	struct session *sess;         /* NULL until a test touches the rig */
	const char *file;             /* the test file in progress */
	struct rr_measure *m;         /* measurements of the test in progress */
	int nm, mcap;
	struct rr_cell *cell; /* rig.cell of the test in progress */
	char safe_state[256]; /* outputs after the last safe state */
	char fw[64], serial[64];
	int units;                 /* units started so far */
	int open_failures;         /* units that could not be started */
	bool stop;                 /* --fail-fast: a test failed, run no more */
	unsigned caps;             /* the rig's capabilities (driver's, less --without) */
	size_t lua_bytes;          /* memory held by the file's Lua state */
	struct progress *progress; /* --progress bar, or NULL */
	bool no_unit;              /* summarize hooks: the rig is not theirs to use */
};

/* Drive the rig rf from now on: its driver, capabilities (less
 * c->without) and unit defaults. */
void ctx_use_rig(struct rr_ctx *c, const struct rigfile *rf);
/* The next unit gets the rig's default options again (end of a file). */
void ctx_reset_unit(struct rr_ctx *c);

/* The current unit, started on first use. NULL with a reason in err. */
struct session *ctx_session(struct rr_ctx *c, char *err, size_t errlen);
/* --serial against the serial the unit s reports (the rig's own unit, not
 * one rig.fresh{} chose): 0 when they agree, cannot be compared (a
 * warning, once) or --force-serial is given; -1 with the reason in err. */
int ctx_check_serial(struct rr_ctx *c, const struct session *s, char *err, size_t errlen);
/* Put the rig safe and close the unit (the next use starts a new one). */
void ctx_end_session(struct rr_ctx *c);
/* Append a measurement (copies strings). Returns 0 or RR_ERR_NOMEM. */
int ctx_add_measure(struct rr_ctx *c, const struct rr_measure *m);
/* Hand the collected measurements (and the cell) to a result. */
void ctx_take_measures(struct rr_ctx *c, struct rr_result *r);

#endif
