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
#include "result.h"
#include "rig.h"
#include "session.h"

struct rr_ctx {
	const struct rr_opts *opts;
	const struct rig_driver *drv;
	char drv_opts[4400];   /* the driver's option string */
	char sim_path[4096];   /* the simulator the sim driver starts ("" for others) */
	char extra_opts[256];  /* per-file options from rig.fresh{} */
	struct session *sess;  /* NULL until a test touches the rig */
	const char *file;      /* the test file in progress */
	struct rr_measure *m;  /* measurements of the test in progress */
	int nm, mcap;
	struct rr_cell *cell;  /* rig.cell of the test in progress */
	char safe_state[256];  /* outputs after the last safe state */
	char fw[64], serial[64];
	int units;             /* units started so far */
	int open_failures;     /* units that could not be started */
	bool stop;             /* --fail-fast: a test failed, run no more */
	unsigned caps;         /* the rig's capabilities (driver's, less --without) */
	size_t lua_bytes;      /* memory held by the file's Lua state */
	bool no_unit;          /* summarize hooks: the rig is not theirs to use */
};

/* The current unit, started on first use. NULL with a reason in err. */
struct session *ctx_session(struct rr_ctx *c, char *err, size_t errlen);
/* Put the rig safe and close the unit (the next use starts a new one). */
void ctx_end_session(struct rr_ctx *c);
/* Append a measurement (copies strings). Returns 0 or RR_ERR_NOMEM. */
int ctx_add_measure(struct rr_ctx *c, const struct rr_measure *m);
/* Hand the collected measurements (and the cell) to a result. */
void ctx_take_measures(struct rr_ctx *c, struct rr_result *r);

#endif
