/*
 * emu_call.c - voice calls in the emulator: the unit's own calls
 * (ATD<n>; and ATDT), answering (ATA), hanging up (ATH, +CHUP), the call
 * list (+CLCC), caller identification (+CLIP), +CRING (+CRC), and the
 * rings and call ends that come with time.
 */
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "emu/emu_priv.h"

static void call_end(struct emu *e)
{
	e->call = CALL_NONE;
	e->call_next = 0;
}

static const char *who(const struct emu *e)
{
	return e->ring_from[0] ? e->ring_from : "(withheld)";
}

static void send_ring(struct emu *e)
{
	if (e->cur.crc)
		emu_urc(e, "+CRING: VOICE");
	else
		emu_urc_rc(e, RC_RING);
	if (e->cur.clip) {
		if (e->ring_from[0])
			emu_urc(e, "+CLIP: \"%s\",%d,\"\",0,\"\",0", e->ring_from, e->ring_from[0] == '+' ? 145 : 129);
		else
			emu_urc(e, "+CLIP: \"\",128,\"\",0,\"\",1");
	}
}

/* ATD<number>; - a voice call. Consumes the dial string up to ';'. */
int emu_dial(struct emu *e, const char *s, size_t *used)
{
	const char *semi = strchr(s, ';');
	if (!semi) {
		*used = strlen(s);
		return emu_cme(e, 4); /* data calls are not offered */
	}
	*used = (size_t)(semi - s) + 1;
	if (*s == 'T' || *s == 'P')
		s++; /* tone / pulse: the same here */
	size_t n = (size_t)(semi - s);
	if (!emu_dial_ok(s, n))
		return emu_cme(e, 50);
	if (e->call != CALL_NONE)
		return emu_cme(e, 3);
	int rc;
	if (!emu_sim_ready(e, &rc, false))
		return rc;
	char num[EMU_NUMBER_MAX + 1];
	memcpy(num, s, n);
	num[n] = '\0';
	if (!emu_registered(e)) {
		emu_note(e, "call to %s failed: not registered", num);
		emu_final(e, RC_NO_CARRIER);
		return R_DONE;
	}
	if (!emu_push_call(e, num))
		return emu_cme(e, 100);
	emu_note(e, "call to %s recorded", num);
	snprintf(e->call_to, sizeof(e->call_to), "%s", num);
	e->call = CALL_OUT_DIAL;
	e->call_next = e->now + (uint64_t)(e->callee_ms > 0 ? e->callee_ms : 0);
	return R_OK;
}

int emu_answer(struct emu *e)
{
	if (e->call != CALL_IN_RING) {
		emu_final(e, RC_NO_CARRIER);
		return R_DONE;
	}
	e->in_state = EMU_CALL_ANSWERED;
	e->call = CALL_IN_TALK;
	e->call_next = e->now + (uint64_t)e->connected_ms;
	emu_note(e, "call from %s answered by the unit", who(e));
	return R_OK;
}

int emu_hang_up(struct emu *e)
{
	if (e->call == CALL_IN_RING) {
		e->in_state = EMU_CALL_REJECTED;
		emu_note(e, "call from %s rejected by the unit", who(e));
	} else if (e->call != CALL_NONE) {
		emu_note(e, "call hung up by the unit");
	}
	call_end(e);
	return R_OK;
}

void emu_calls_drop(struct emu *e)
{
	if (e->call == CALL_NONE)
		return;
	if (e->call == CALL_IN_RING)
		e->in_state = EMU_CALL_GAVE_UP;
	emu_note(e, "call dropped by the module");
	call_end(e);
}

static int c_chup(struct emu *e, enum form f, const struct args *a)
{
	(void)a;
	if (f == F_TEST)
		return R_OK;
	if (f != F_EXEC)
		return emu_cme(e, 50);
	return emu_hang_up(e);
}

static int c_clip(struct emu *e, enum form f, const struct args *a)
{
	switch (f) {
	case F_READ: emu_say(e, "+CLIP: %d,1", e->cur.clip); return R_OK;
	case F_TEST: emu_say(e, "+CLIP: (0,1)"); return R_OK;
	case F_EXEC: return emu_cme(e, 50);
	case F_SET: return emu_set_one(e, a, 1, &e->cur.clip);
	}
	return R_OK;
}

static int c_crc(struct emu *e, enum form f, const struct args *a)
{
	switch (f) {
	case F_READ: emu_say(e, "+CRC: %d", e->cur.crc); return R_OK;
	case F_TEST: emu_say(e, "+CRC: (0,1)"); return R_OK;
	case F_EXEC: e->cur.crc = 0; return R_OK;
	case F_SET: return emu_set_one(e, a, 1, &e->cur.crc);
	}
	return R_OK;
}

static int c_clcc(struct emu *e, enum form f, const struct args *a)
{
	(void)a;
	if (f == F_TEST)
		return R_OK;
	if (f != F_EXEC)
		return emu_cme(e, 50);
	/* +CLCC: <id>,<dir>,<stat>,<mode>,<mpty>,"<number>",<type> */
	const char *num = NULL;
	int dir = 0, stat = 0;
	switch (e->call) {
	case CALL_NONE: return R_OK;
	case CALL_IN_RING: dir = 1, stat = 4, num = e->ring_from; break;
	case CALL_IN_TALK: dir = 1, stat = 0, num = e->ring_from; break;
	case CALL_OUT_DIAL: dir = 0, stat = 3, num = e->call_to; break;
	case CALL_OUT_TALK: dir = 0, stat = 0, num = e->call_to; break;
	}
	emu_say(e, "+CLCC: 1,%d,%d,0,0,\"%s\",%d", dir, stat, num, num[0] == '+' ? 145 : num[0] ? 129
												: 128);
	return R_OK;
}

const struct emu_cmd emu_call_cmds[] = {
	{ "+CHUP", c_chup },
	{ "+CLIP", c_clip },
	{ "+CRC", c_crc },
	{ "+CLCC", c_clcc },
	{ NULL, NULL },
};

bool emu_call_due(struct emu *e)
{
	bool any = false;
	while (e->call != CALL_NONE && e->call_next <= e->now) {
		any = true;
		switch (e->call) {
		case CALL_IN_RING:
			if (e->rings >= e->max_rings) {
				e->in_state = EMU_CALL_GAVE_UP;
				emu_note(e, "caller %s gave up after %d rings", who(e), e->rings);
				call_end(e);
				emu_urc_rc(e, RC_NO_CARRIER);
			} else {
				send_ring(e);
				e->rings++;
				e->call_next += (uint64_t)e->ring_interval;
			}
			break;
		case CALL_OUT_DIAL:
			if (e->callee_accept) {
				emu_note(e, "callee answered");
				e->call = CALL_OUT_TALK;
				e->call_next += (uint64_t)e->connected_ms;
			} else {
				emu_note(e, "callee rejected the call");
				call_end(e);
				emu_urc_rc(e, RC_BUSY);
			}
			break;
		case CALL_IN_TALK:
		case CALL_OUT_TALK:
			emu_note(e, "far end hung up");
			call_end(e);
			emu_urc_rc(e, RC_NO_CARRIER);
			break;
		case CALL_NONE:
			break;
		}
	}
	return any;
}

/* ---- public API for calls ---- */

int emu_ring(struct emu *e, const char *from, uint64_t now_ms)
{
	e->now = now_ms;
	size_t n = from ? strlen(from) : 0;
	if (!from || n > EMU_NUMBER_MAX)
		return RR_ERR_ARG;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)from[i] < 0x20 || (unsigned char)from[i] >= 0x7F || from[i] == '"')
			return RR_ERR_ARG;
	if (e->call != CALL_NONE)
		return RR_ERR_BUSY;
	if (!emu_registered(e)) {
		emu_note(e, "call from %s not put through: the module is not registered", from[0] ? from : "(withheld)");
		return RR_ERR_NONET;
	}
	snprintf(e->ring_from, sizeof(e->ring_from), "%s", from);
	emu_note(e, "incoming call from %s", who(e));
	e->in_state = EMU_CALL_RINGING;
	e->call = CALL_IN_RING;
	e->rings = 1;
	e->call_next = now_ms + (uint64_t)e->ring_interval;
	send_ring(e);
	emu_flush(e);
	return e->link_err;
}

enum emu_call_state emu_call_state(const struct emu *e)
{
	return e->in_state;
}

void emu_set_callee(struct emu *e, int reject_after_ms, bool accept)
{
	e->callee_ms = reject_after_ms > 0 ? reject_after_ms : 0;
	e->callee_accept = accept;
}

void emu_set_ring_interval(struct emu *e, int interval_ms, int max_rings)
{
	e->ring_interval = interval_ms > 0 ? interval_ms : 1;
	e->max_rings = max_rings > 0 ? max_rings : 1;
}

void emu_set_connected_time(struct emu *e, int ms)
{
	e->connected_ms = ms > 0 ? ms : 0;
}
