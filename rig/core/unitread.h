/*
 * unitread.h - every tab of the unit, read over USB.
 */
#ifndef RR_UNITREAD_H
#define RR_UNITREAD_H

#include <stddef.h>

#include "ctx.h"

/* Start (or use) the unit of c, attach USB, read TABS and each tab, detach.
 * *out: malloc'ed "[tab]\nKEY=VALUE\n..." for every tab. 0, or a negative
 * rr_err with the reason in err. */
int unit_read_tabs(struct rr_ctx *c, char **out, char *err, size_t errlen);

#endif
