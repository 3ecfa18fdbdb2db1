/*
 * emu_net.c - the network and the module around the SIM, as the
 * emulator models them: registration (+CREG, +CGREG, +COPS, +CGATT),
 * signal (+CSQ), the SIM (+CPIN), functionality (+CFUN), the clock
 * (+CCLK, network time or none), USSD (+CUSD), the module's supply
 * (+CBC), the serial rate (+IPR, autobauding), the power-up sequence
 * after a reboot, and the behaviours a test switches on (emu.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "emu/emu_priv.h"
#include "emu/gsm.h"

#define BOOT_STEPS 5

void emu_net_init(struct emu *e)
{
	e->rssi = 20;
	e->reg = 1;
	e->cfun = 1;
	e->sim = EMU_SIM_READY;
	snprintf(e->pin, sizeof(e->pin), "1234");
	e->synced = true;
	e->net_epoch = EMU_DEFAULT_EPOCH;
	e->power_ref = 0;
	snprintf(e->csca, sizeof(e->csca), "+37069899992");
	snprintf(e->ussd, sizeof(e->ussd), "Your balance is 5.00 EUR");
	static const char *const pb[][2] = { { "+37060000001", "Owner" }, { "+37060000002", "Service" }, { "*100#", "Balance" } };
	for (size_t i = 0; i < sizeof(pb) / sizeof(pb[0]); i++) {
		snprintf(e->pb[i].number, sizeof(e->pb[i].number), "%s", pb[i][0]);
		snprintf(e->pb[i].name, sizeof(e->pb[i].name), "%s", pb[i][1]);
	}
}

int64_t emu_net_now(const struct emu *e)
{
	return e->net_epoch + emu_elapsed_s(e->now, e->net_ref);
}

bool emu_registered(const struct emu *e)
{
	return (e->reg == 1 || e->reg == 5) && e->cfun == 1 && e->sim == EMU_SIM_READY;
}

bool emu_sim_ready(struct emu *e, int *rc, bool cms)
{
	if (e->sim == EMU_SIM_READY && e->cfun != 0)
		return true;
	if (e->sim == EMU_SIM_PIN)
		*rc = cms ? emu_cms(e, 311) : emu_cme(e, 11);
	else
		*rc = cms ? emu_cms(e, 310) : emu_cme(e, 10);
	return false;
}

/* The registration state as the unit sees it. */
static int reg_state(const struct emu *e)
{
	if (e->cfun != 1 || e->sim != EMU_SIM_READY)
		return 0;
	return e->reg;
}

static void reg_line(struct emu *e, bool urc, const char *name, int n)
{
	int st = reg_state(e);
	char b[80];
	if (urc) {
		if (n == 2 && (st == 1 || st == 5))
			snprintf(b, sizeof(b), "+%s: %d,\"1A2B\",\"3C4D\"", name, st);
		else
			snprintf(b, sizeof(b), "+%s: %d", name, st);
		emu_urc(e, "%s", b);
	} else if (n == 2 && (st == 1 || st == 5)) {
		emu_say(e, "+%s: %d,%d,\"1A2B\",\"3C4D\"", name, n, st);
	} else {
		emu_say(e, "+%s: %d,%d", name, n, st);
	}
}

/* Announce a change of the registration state. */
static void reg_changed(struct emu *e, int before)
{
	if (reg_state(e) == before)
		return;
	emu_note(e, "registration %d -> %d", before, reg_state(e));
	if (e->cur.creg)
		reg_line(e, true, "CREG", e->cur.creg);
	if (e->cur.cgreg)
		reg_line(e, true, "CGREG", e->cur.cgreg);
}

/* ---- commands ---- */

static int c_creg(struct emu *e, enum form f, const struct args *a)
{
	switch (f) {
	case F_READ: reg_line(e, false, "CREG", e->cur.creg); return R_OK;
	case F_TEST: emu_say(e, "+CREG: (0-2)"); return R_OK;
	case F_EXEC: e->cur.creg = 0; return R_OK;
	case F_SET: return emu_set_one(e, a, 2, &e->cur.creg);
	}
	return R_OK;
}

static int c_cgreg(struct emu *e, enum form f, const struct args *a)
{
	switch (f) {
	case F_READ: reg_line(e, false, "CGREG", e->cur.cgreg); return R_OK;
	case F_TEST: emu_say(e, "+CGREG: (0-2)"); return R_OK;
	case F_EXEC: e->cur.cgreg = 0; return R_OK;
	case F_SET: return emu_set_one(e, a, 2, &e->cur.cgreg);
	}
	return R_OK;
}

static int c_cgatt(struct emu *e, enum form f, const struct args *a)
{
	int v;
	switch (f) {
	case F_READ: emu_say(e, "+CGATT: %d", emu_registered(e) ? 1 : 0); return R_OK;
	case F_TEST: emu_say(e, "+CGATT: (0,1)"); return R_OK;
	case F_EXEC: return emu_cme(e, 50);
	case F_SET:
		if (a->n != 1 || !emu_arg_int(a, 0, 0, 1, &v))
			return emu_cme(e, 50);
		if (v == 1 && !emu_registered(e))
			return emu_cme(e, 30);
		return R_OK;
	}
	return R_OK;
}

static int c_cops(struct emu *e, enum form f, const struct args *a)
{
	int mode = 0, format = 0;
	switch (f) {
	case F_READ:
		if (reg_state(e) == 1 || reg_state(e) == 5)
			emu_say(e, "+COPS: 0,0,\"%s\"", EMU_OPERATOR);
		else
			emu_say(e, "+COPS: 0");
		return R_OK;
	case F_TEST:
		emu_say(e, "+COPS: (2,\"%s\",\"EMU\",\"%s\"),(3,\"OTHER NET\",\"OTHER\",\"24699\"),,(0-4),(0-2)",
			EMU_OPERATOR, EMU_PLMN);
		return R_OK;
	case F_EXEC: return R_OK;
	case F_SET:
		if (a->n < 1 || a->n > 4 || !emu_arg_int(a, 0, 0, 4, &mode) ||
		    (emu_arg_given(a, 1) && !emu_arg_int(a, 1, 0, 2, &format)))
			return emu_cme(e, 50);
		if (mode == 1 || mode == 4) {
			if (a->n < 3 || !a->quoted[2])
				return emu_cme(e, 50);
			if (strcmp(a->v[2], EMU_PLMN) && !emu_ieq(a->v[2], EMU_OPERATOR) && !emu_ieq(a->v[2], "EMU"))
				return mode == 4 ? R_OK : emu_cme(e, 30);
		}
		if (mode == 2) {
			int before = reg_state(e);
			e->reg = 0;
			reg_changed(e, before);
		} else if (mode != 3 && e->reg == 0) {
			int before = reg_state(e);
			e->reg = 1;
			reg_changed(e, before);
		}
		return R_OK;
	}
	return R_OK;
}

static int c_csq(struct emu *e, enum form f, const struct args *a)
{
	(void)a;
	if (f == F_EXEC) {
		emu_say(e, "+CSQ: %d,0", e->cfun == 1 ? e->rssi : 99);
		return R_OK;
	}
	if (f == F_TEST) {
		emu_say(e, "+CSQ: (0-31,99),(0-7,99)");
		return R_OK;
	}
	return emu_cme(e, 50);
}

static int c_cbc(struct emu *e, enum form f, const struct args *a)
{
	(void)a;
	if (f == F_EXEC) {
		emu_say(e, "+CBC: 0,96,4150");
		return R_OK;
	}
	if (f == F_TEST) {
		emu_say(e, "+CBC: (0,1,2),(1-100),(voltage)");
		return R_OK;
	}
	return emu_cme(e, 50);
}

static int c_cpin(struct emu *e, enum form f, const struct args *a)
{
	if (f == F_READ) {
		if (e->sim == EMU_SIM_ABSENT || e->cfun == 0)
			return emu_cme(e, 10);
		emu_say(e, "+CPIN: %s", e->sim == EMU_SIM_PIN ? "SIM PIN" : "READY");
		return R_OK;
	}
	if (f == F_TEST)
		return R_OK;
	if (f == F_EXEC || a->n < 1 || a->n > 2 || !a->quoted[0])
		return emu_cme(e, 50);
	if (e->sim == EMU_SIM_ABSENT)
		return emu_cme(e, 10);
	if (e->sim == EMU_SIM_READY)
		return emu_cme(e, 3); /* no PIN is asked for */
	if (strcmp(a->v[0], e->pin) != 0) {
		emu_note(e, "wrong PIN \"%s\"", a->v[0]);
		return emu_cme(e, 16);
	}
	int before = reg_state(e);
	e->sim = EMU_SIM_READY;
	emu_final(e, RC_OK);
	emu_urc(e, "+CPIN: READY");
	emu_urc(e, "Call Ready");
	emu_urc(e, "SMS Ready");
	reg_changed(e, before);
	return R_DONE;
}

static int c_cfun(struct emu *e, enum form f, const struct args *a)
{
	int fun, rst = 0;
	switch (f) {
	case F_READ: emu_say(e, "+CFUN: %d", e->cfun); return R_OK;
	case F_TEST: emu_say(e, "+CFUN: (0,1,4),(0,1)"); return R_OK;
	case F_EXEC: return emu_cme(e, 50);
	case F_SET:
		if (a->n < 1 || a->n > 2 || !emu_arg_int(a, 0, 0, 4, &fun) || (fun != 0 && fun != 1 && fun != 4) ||
		    (a->n == 2 && !emu_arg_int(a, 1, 0, 1, &rst)))
			return emu_cme(e, 50);
		if (rst) {
			emu_final(e, RC_OK);
			e->in_cmd = false;
			emu_reboot(e, 2000, e->now);
			return R_DONE;
		}
		int before = reg_state(e), was = e->cfun;
		e->cfun = fun;
		emu_final(e, RC_OK);
		if (fun == 1 && was != 1) {
			if (e->sim == EMU_SIM_READY)
				emu_urc(e, "+CPIN: READY");
			else if (e->sim == EMU_SIM_PIN)
				emu_urc(e, "+CPIN: SIM PIN");
			else
				emu_urc(e, "+CPIN: NOT INSERTED");
			if (e->sim == EMU_SIM_READY) {
				emu_urc(e, "Call Ready");
				emu_urc(e, "SMS Ready");
			}
		}
		reg_changed(e, before);
		if (fun != 1)
			emu_calls_drop(e);
		return R_DONE;
	}
	return R_OK;
}

/* Parse "yy/MM/dd,hh:mm:ss±zz". */
static bool parse_cclk(const char *s, int64_t *local, int *zone)
{
	int y, mo, d, h, mi, sec, z;
	char sign;
	int n = 0;
	if (strlen(s) != 20 ||
	    sscanf(s, "%2d/%2d/%2d,%2d:%2d:%2d%c%2d%n", &y, &mo, &d, &h, &mi, &sec, &sign, &z, &n) != 8 ||
	    n != 20)
		return false;
	for (int i = 0; i < 20; i++)
		if (i != 2 && i != 5 && i != 8 && i != 11 && i != 14 && i != 17 && !isdigit((unsigned char)s[i]))
			return false;
	if (s[2] != '/' || s[5] != '/' || s[8] != ',' || s[11] != ':' || s[14] != ':')
		return false;
	if ((sign != '+' && sign != '-') || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    sec > 59 || z > 48)
		return false;
	*local = gsm_civil_to_epoch(2000 + y, mo, d, h, mi, sec);
	*zone = sign == '-' ? -z : z;
	return true;
}

static int c_cclk(struct emu *e, enum form f, const struct args *a)
{
	char ts[32];
	switch (f) {
	case F_READ:
		if (e->rtc_set)
			emu_fmt_ts(e->rtc_epoch + emu_elapsed_s(e->now, e->rtc_ref), e->rtc_zone, ts, sizeof(ts));
		else if (e->no_net_time)
			emu_fmt_ts(EMU_DEFAULT_EPOCH + emu_elapsed_s(e->now, e->power_ref), 0, ts, sizeof(ts));
		else
			emu_fmt_ts(emu_net_now(e), 0, ts, sizeof(ts));
		emu_say(e, "+CCLK: \"%s\"", ts);
		return R_OK;
	case F_TEST: return R_OK;
	case F_EXEC: return emu_cme(e, 50);
	case F_SET: {
		int64_t local;
		int zone;
		if (a->n != 1 || !a->quoted[0] || !parse_cclk(a->v[0], &local, &zone))
			return emu_cme(e, 50);
		e->rtc_set = true;
		e->rtc_epoch = local;
		e->rtc_zone = zone;
		e->rtc_ref = e->now;
		return R_OK;
	}
	}
	return R_OK;
}

static int c_cusd(struct emu *e, enum form f, const struct args *a)
{
	int n, dcs = 15;
	switch (f) {
	case F_READ: emu_say(e, "+CUSD: %d", e->cur.cusd); return R_OK;
	case F_TEST: emu_say(e, "+CUSD: (0-2)"); return R_OK;
	case F_EXEC: e->cur.cusd = 0; return R_OK;
	case F_SET:
		if (a->n < 1 || a->n > 3 || !emu_arg_int(a, 0, 0, 2, &n) ||
		    (a->n >= 2 && !a->quoted[1]) || (a->n == 3 && !emu_arg_int(a, 2, 0, 255, &dcs)))
			return emu_cme(e, 50);
		e->cur.cusd = n == 2 ? 0 : n;
		if (a->n >= 2) {
			if (!emu_registered(e))
				return emu_cme(e, 30);
			emu_note(e, "USSD %s", a->v[1]);
			emu_final(e, RC_OK);
			emu_urc(e, "+CUSD: 0,\"%s\",15", e->ussd);
			return R_DONE;
		}
		return R_OK;
	}
	return R_OK;
}

static int c_ipr(struct emu *e, enum form f, const struct args *a)
{
	static const int rates[] = { 0, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800 };
	int v;
	switch (f) {
	case F_READ: emu_say(e, "+IPR: %d", e->cur.ipr); return R_OK;
	case F_TEST:
		emu_say(e, "+IPR: (),(0,1200,2400,4800,9600,19200,38400,57600,115200,230400,460800)");
		return R_OK;
	case F_EXEC: return emu_cme(e, 50);
	case F_SET:
		v = -1;
		if (a->n == 1 && !a->quoted[0] && strlen(a->v[0]) <= 6 && strspn(a->v[0], "0123456789") == strlen(a->v[0]))
			v = atoi(a->v[0]);
		for (size_t i = 0; i < sizeof(rates) / sizeof(rates[0]); i++)
			if (rates[i] == v) {
				e->cur.ipr = v;
				return R_OK;
			}
		return emu_cme(e, 50);
	}
	return R_OK;
}

const struct emu_cmd emu_net_cmds[] = {
	{ "+CREG", c_creg },
	{ "+CGREG", c_cgreg },
	{ "+CGATT", c_cgatt },
	{ "+COPS", c_cops },
	{ "+CSQ", c_csq },
	{ "+CBC", c_cbc },
	{ "+CPIN", c_cpin },
	{ "+CFUN", c_cfun },
	{ "+CCLK", c_cclk },
	{ "+CUSD", c_cusd },
	{ "+IPR", c_ipr },
	{ NULL, NULL },
};

/* ---- power-up sequence and autobauding ---- */

bool emu_net_sync(struct emu *e, uint8_t c)
{
	if (e->synced)
		return true;
	/* Listening for "AT" / "at" to learn the rate: the A is kept. */
	if ((c == 'T' || c == 't') && e->line_len == 1 &&
	    (e->line[0] == 'A' || e->line[0] == 'a')) {
		e->synced = true;
		emu_note(e, "autobauding: rate learnt from \"AT\"");
		return true;
	}
	e->line_len = 0;
	if (c == 'A' || c == 'a') {
		e->line[0] = (char)c;
		e->line_len = 1;
		if (e->cur.echo)
			emu_out(e, &c, 1);
	}
	return false;
}

bool emu_net_due(struct emu *e)
{
	if (!e->rebooting || e->boot_at > e->now)
		return false;
	static const char *const seq[BOOT_STEPS] = { "RDY", "+CFUN: 1", "+CPIN: READY", "Call Ready", "SMS Ready" };
	if (e->boot_step == 0) {
		e->mode = MODE_CMD;
		e->busy = BUSY_SEND;
		emu_note(e, "module up");
	}
	e->rebooting = e->boot_step + 1 < BOOT_STEPS;
	const char *line = seq[e->boot_step];
	bool say = true;
	if (e->boot_step == 0 && e->autobaud)
		say = false; /* RDY only at a fixed rate */
	if (e->boot_step >= 2 && e->sim != EMU_SIM_READY) {
		say = e->boot_step == 2;
		line = e->sim == EMU_SIM_PIN ? "+CPIN: SIM PIN" : "+CPIN: NOT INSERTED";
	}
	if (say)
		emu_urc(e, "%s", line);
	e->boot_step++;
	e->boot_at += 300;
	if (!e->rebooting)
		emu_urc_release(e);
	return true;
}

uint64_t emu_net_deadline(const struct emu *e)
{
	return e->rebooting ? e->boot_at : UINT64_MAX;
}

/* ---- behaviours (emu.h) ---- */

void emu_set_registration(struct emu *e, int stat)
{
	if (stat < 0 || stat > 5 || stat == 4)
		return;
	int before = reg_state(e);
	e->reg = stat;
	reg_changed(e, before);
	emu_flush(e);
}

int emu_registration(const struct emu *e)
{
	return reg_state(e);
}

void emu_set_sim(struct emu *e, enum emu_sim state, const char *pin)
{
	int before = reg_state(e);
	e->sim = state;
	if (pin && *pin)
		snprintf(e->pin, sizeof(e->pin), "%s", pin);
	emu_note(e, "SIM %s", state == EMU_SIM_READY ? "ready" : state == EMU_SIM_PIN ? "asks for its PIN"
										      : "removed");
	if (state == EMU_SIM_ABSENT)
		emu_urc(e, "+CPIN: NOT INSERTED");
	reg_changed(e, before);
	emu_flush(e);
}

void emu_set_network_time_absent(struct emu *e, bool absent)
{
	e->no_net_time = absent;
}

void emu_set_storage_full(struct emu *e, bool full)
{
	e->store_full = full;
}

void emu_set_prompt_delay(struct emu *e, int ms)
{
	e->prompt_ms = ms > 0 ? ms : 0;
}

void emu_set_send_error(struct emu *e, int code, int count)
{
	e->send_err = code;
	e->send_err_count = count;
}

void emu_send_urc(struct emu *e, const char *line, bool inside, uint64_t now_ms)
{
	e->now = now_ms;
	if (inside) {
		snprintf(e->mid_urc, sizeof(e->mid_urc), "%s", line);
		e->mid_armed = true;
		return;
	}
	emu_urc(e, "%s", line);
	emu_flush(e);
}

void emu_reboot(struct emu *e, int ms, uint64_t now_ms)
{
	e->now = now_ms;
	emu_note(e, "module restarts (%d ms)", ms);
	emu_calls_drop(e);
	for (int i = 0; i < e->nurc; i++)
		free(e->urc[i]);
	e->nurc = 0;
	e->cur = e->saved;
	e->cfun = 1;
	e->ack_wait = false;
	e->line_len = e->line_drop = 0;
	e->rtc_set = false;
	e->power_ref = now_ms;
	e->mode = MODE_BUSY;
	e->busy = BUSY_OFF;
	e->busy_until = UINT64_MAX;
	e->rebooting = true;
	e->boot_step = 0;
	e->boot_at = now_ms + (uint64_t)(ms > 0 ? ms : 0);
	if (e->autobaud)
		e->synced = false;
	e->in_len = 0;
}

void emu_set_autobaud(struct emu *e, bool on)
{
	e->autobaud = on;
	e->synced = !on;
	e->line_len = 0;
}
