/* unitread.c - read every tab of the unit over USB (the configuration
 * tool's TABS and READ), for the Product Information Card and the unit's
 * identity in the reports. */
#define LOG_PREFIX "unit: "
#include "unitread.h"

#include <stdio.h>
#include <string.h>

#include "err.h"
#include "log.h"
#include "sbuf.h"
#include "usbcfg.h"

int unit_read_tabs(struct rr_ctx *c, char **out, char *err, size_t errlen)
{
	struct session *s;
	struct sbuf tabs, lines, all;
	char fin[256];
	bool was = false;
	int rc;

	*out = NULL;
	if (!(c->caps & RIG_CAP_USB)) {
		snprintf(err, errlen, "the rig has no USB connection to the unit");
		return RR_ERR_NOTSUP;
	}
	s = ctx_session(c, err, errlen);
	if (!s)
		return RR_ERR_NODEV;
	sb_init(&tabs);
	sb_init(&lines);
	sb_init(&all);
	rc = usbcfg_attach(s, &was);
	if (rc == RR_OK)
		rc = session_wait(s, session_now(s) + 1000, NULL, NULL, 0) == RR_ERR_TIMEOUT ? RR_OK : rc;
	if (rc == RR_OK)
		rc = usbcfg_exchange(s, "TABS\n", &tabs, fin, sizeof(fin), USBCFG_TIMEOUT_MS);
	if (rc < 0)
		snprintf(err, errlen, "TABS: %s", rc == RR_ERR_ARG ? fin : rr_strerror(rc));
	for (char *p = tabs.s; rc == RR_OK && *p;) {
		while (*p == ' ' || *p == '\n' || *p == '\t')
			p++;
		char *e = p;
		while (*e && *e != ' ' && *e != '\n' && *e != '\t')
			e++;
		if (e == p)
			break;
		char tab[64], req[96];
		snprintf(tab, sizeof(tab), "%.*s", (int)(e - p), p);
		snprintf(req, sizeof(req), "READ %s\n", tab);
		sb_clear(&lines);
		rc = usbcfg_exchange(s, req, &lines, fin, sizeof(fin), USBCFG_TIMEOUT_MS);
		if (rc < 0)
			snprintf(err, errlen, "READ %s: %s", tab, rc == RR_ERR_ARG ? fin : rr_strerror(rc));
		else
			sb_printf(&all, "[%s]\n%s", tab, lines.s);
		p = e;
	}
	usbcfg_detach(s, was);
	if (rc == RR_OK && !sb_ok(&all))
		rc = RR_ERR_NOMEM;
	if (rc == RR_OK)
		*out = sb_steal(&all);
	sb_free(&tabs);
	sb_free(&lines);
	sb_free(&all);
	return rc;
}
