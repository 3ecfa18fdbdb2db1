/*
 * emu_gen.c - 27.007 general commands of the emulator: identity
 * (+CGMI +CGMM +CGMR +CGSN and the +G forms, +GCAP, +CIMI, +CCID), error
 * reporting (+CMEE), character set (+CSCS), flow control (+IFC) and a
 * small SIM phone book (+CPBS, +CPBR).
 */
#include <stdio.h>
#include <string.h>

#include "emu/emu_priv.h"

static int c_cmee(struct emu *e, enum form f, const struct args *a)
{
	switch (f) {
	case F_READ: emu_say(e, "+CMEE: %d", e->cur.cmee); return R_OK;
	case F_TEST: emu_say(e, "+CMEE: (0-2)"); return R_OK;
	case F_EXEC: e->cur.cmee = 0; return R_OK;
	case F_SET: return emu_set_one(e, a, 2, &e->cur.cmee);
	}
	return R_OK;
}

static int c_cscs(struct emu *e, enum form f, const struct args *a)
{
	switch (f) {
	case F_READ: emu_say(e, "+CSCS: \"%s\"", e->cur.ira ? "IRA" : "GSM"); return R_OK;
	case F_TEST: emu_say(e, "+CSCS: (\"IRA\",\"GSM\")"); return R_OK;
	case F_EXEC: return emu_cme(e, 50);
	case F_SET:
		if (a->n != 1 || !a->quoted[0])
			return emu_cme(e, 50);
		if (emu_ieq(a->v[0], "GSM"))
			e->cur.ira = false;
		else if (emu_ieq(a->v[0], "IRA"))
			e->cur.ira = true;
		else if (emu_ieq(a->v[0], "UCS2") || emu_ieq(a->v[0], "HEX") || emu_ieq(a->v[0], "8859-1") ||
			 emu_ieq(a->v[0], "PCCP936"))
			return emu_cme(e, 4);
		else
			return emu_cme(e, 50);
		return R_OK;
	}
	return R_OK;
}

static int info(struct emu *e, enum form f, const char *text, bool sim)
{
	int rc;
	if (f == F_TEST)
		return R_OK;
	if (f != F_EXEC)
		return emu_cme(e, 50);
	if (sim && !emu_sim_ready(e, &rc, false))
		return rc;
	emu_say(e, "%s", text);
	return R_OK;
}

static int c_gsn(struct emu *e, enum form f, const struct args *a)
{
	(void)a;
	return info(e, f, EMU_IMEI, false);
}

static int c_gmr(struct emu *e, enum form f, const struct args *a)
{
	(void)a;
	return info(e, f, "Revision:1418B04SIM800L24", false);
}

static int c_gmm(struct emu *e, enum form f, const struct args *a)
{
	(void)a;
	return info(e, f, "SIMCOM_SIM800L", false);
}

static int c_gmi(struct emu *e, enum form f, const struct args *a)
{
	(void)a;
	return info(e, f, "SIMCOM_Ltd", false);
}

static int c_gcap(struct emu *e, enum form f, const struct args *a)
{
	(void)a;
	return info(e, f, "+GCAP: +CGSM", false);
}

static int c_cimi(struct emu *e, enum form f, const struct args *a)
{
	(void)a;
	return info(e, f, EMU_IMSI, true);
}

static int c_ccid(struct emu *e, enum form f, const struct args *a)
{
	(void)a;
	return info(e, f, EMU_ICCID, true);
}

static int c_ifc(struct emu *e, enum form f, const struct args *a)
{
	int d, t = 0;
	switch (f) {
	case F_READ: emu_say(e, "+IFC: 0,0"); return R_OK;
	case F_TEST: emu_say(e, "+IFC: (0-2),(0-2)"); return R_OK;
	case F_EXEC: return R_OK;
	case F_SET:
		if (a->n < 1 || a->n > 2 || !emu_arg_int(a, 0, 0, 2, &d) || (a->n == 2 && !emu_arg_int(a, 1, 0, 2, &t)))
			return emu_cme(e, 50);
		return R_OK; /* a pty has no lines to switch */
	}
	return R_OK;
}

static int pb_used(const struct emu *e)
{
	int n = 0;
	for (int i = 0; i < EMU_PB; i++)
		n += e->pb[i].number[0] != '\0';
	return n;
}

static int c_cpbs(struct emu *e, enum form f, const struct args *a)
{
	int rc;
	if (!emu_sim_ready(e, &rc, false))
		return rc;
	switch (f) {
	case F_READ: emu_say(e, "+CPBS: \"SM\",%d,%d", pb_used(e), EMU_PB); return R_OK;
	case F_TEST: emu_say(e, "+CPBS: (\"SM\")"); return R_OK;
	case F_EXEC: return emu_cme(e, 50);
	case F_SET:
		if (a->n != 1 || !a->quoted[0])
			return emu_cme(e, 50);
		return emu_ieq(a->v[0], "SM") ? R_OK : emu_cme(e, 3);
	}
	return R_OK;
}

static int c_cpbr(struct emu *e, enum form f, const struct args *a)
{
	int rc, lo, hi;
	if (!emu_sim_ready(e, &rc, false))
		return rc;
	if (f == F_TEST) {
		emu_say(e, "+CPBR: (1-%d),40,14", EMU_PB);
		return R_OK;
	}
	if (f != F_SET || a->n < 1 || a->n > 2)
		return emu_cme(e, 50);
	if (!emu_arg_int(a, 0, 1, EMU_PB, &lo))
		return emu_cme(e, 21);
	hi = lo;
	if (a->n == 2 && (!emu_arg_int(a, 1, lo, 1000, &hi)))
		return emu_cme(e, 21);
	if (hi > EMU_PB)
		hi = EMU_PB;
	for (int i = lo; i <= hi; i++) {
		if (!e->pb[i - 1].number[0])
			continue;
		const char *n = e->pb[i - 1].number;
		emu_say(e, "+CPBR: %d,\"%s\",%d,\"%s\"", i, n, n[0] == '+' ? 145 : 129, e->pb[i - 1].name);
	}
	return R_OK;
}

const struct emu_cmd emu_gen_cmds[] = {
	{ "+CMEE", c_cmee },
	{ "+CSCS", c_cscs },
	{ "+GSN", c_gsn },
	{ "+CGSN", c_gsn },
	{ "+GMR", c_gmr },
	{ "+CGMR", c_gmr },
	{ "+GMM", c_gmm },
	{ "+CGMM", c_gmm },
	{ "+GMI", c_gmi },
	{ "+CGMI", c_gmi },
	{ "+GCAP", c_gcap },
	{ "+CIMI", c_cimi },
	{ "+CCID", c_ccid },
	{ "+IFC", c_ifc },
	{ "+CPBS", c_cpbs },
	{ "+CPBR", c_cpbr },
	{ NULL, NULL },
};
