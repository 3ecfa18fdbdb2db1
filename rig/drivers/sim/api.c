/* api.c - the sim rig driver: the firmware's host port (isocket-sim) as a
 * child process on virtual time.
 *
 * The rig description's [sim] section (rigfile.h) names the simulator
 * binary, the hang limit and the settings store; the unit options give the
 * model (AC sensor or not) and the serial number.
 */
#define LOG_PREFIX "sim: "
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "log.h"
#include "memlink.h"
#include "protocol.h"
#include "rig.h"
#include "rigfile/rigfile.h"

/* Longest single "run": keeps every reply within the hang limit even for
 * a firmware that ticks often. */
#define RUN_CHUNK_MS 600000u

struct sim_rig {
	struct rig base;
	struct simproc p;
	struct link *modem, *usb;
	bool out[RIG_OUT_COUNT];
	char fw[64], serial[64];
	bool inline_ok; /* hello: it can carry the streams on the control channel */
};

static struct sim_rig *S(struct rig *r) { return (struct sim_rig *)r; }

static void sim_close(struct rig *r);

/* "ok isocket-sim <fw> serial=<S> proto=1" */
static int hello(struct sim_rig *s)
{
	char reply[256], *ser;
	int rc = simp_cmd(&s->p, "hello", reply, sizeof(reply));

	if (rc < 0)
		return rc;
	if (sscanf(reply, "isocket-sim %63s", s->fw) != 1) {
		rr_error("unexpected hello reply '%s'", reply);
		return RR_ERR_IO;
	}
	ser = strstr(reply, "serial=");
	if (ser)
		sscanf(ser + 7, "%63s", s->serial);
	if (!strstr(reply, "proto=1"))
		rr_warn("simulator speaks another protocol: '%s'", reply);
	s->inline_ok = strstr(reply, " inline") != NULL;
	return RR_OK;
}

static int sim_open(const struct rigfile *rf, const struct unit_opts *u, struct rig **out)
{
	const char *extra[8];
	struct sim_rig *s;
	int n = 0, rc;

	*out = NULL;
	if (!rf || !u || strcmp(rf->driver, "sim") || !rf->sim.simulator[0])
		return RR_ERR_ARG;
	if (u->serial[0]) {
		extra[n++] = "--serial";
		extra[n++] = u->serial;
	}
	if (rf->sim.nv[0]) {
		extra[n++] = "--nv";
		extra[n++] = rf->sim.nv;
	}
	if (!u->ac_sensor)
		extra[n++] = "--no-ac-sensor";
	extra[n] = NULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return RR_ERR_NOMEM;
	s->base.drv = &rig_driver_sim;
	rc = simp_spawn(&s->p, rf->sim.simulator, extra, rf->sim.hang_ms);
	if (rc == RR_OK) {
		s->modem = link_fd_open(s->p.modem_fd, "sim-modem");
		if (s->modem)
			s->p.modem_fd = -1;
		s->usb = link_fd_open(s->p.usb_fd, "sim-usb");
		if (s->usb)
			s->p.usb_fd = -1;
		rc = s->modem && s->usb ? hello(s) : RR_ERR_NOMEM;
	}
	if (rc == RR_OK && s->inline_ok && simp_cmd(&s->p, "streams inline", NULL, 0) == RR_OK) {
		/* The streams go on the control channel (memlink.h). */
		struct link *m = memlink_new("sim-modem", &s->p.modem_rx, &s->p.modem_tx);
		struct link *u = memlink_new("sim-usb", &s->p.usb_rx, &s->p.usb_tx);
		if (m && u) {
			link_close(s->modem);
			link_close(s->usb);
			s->modem = m;
			s->usb = u;
			s->p.inline_streams = true;
		} else {
			link_close(m);
			link_close(u);
			rc = RR_ERR_NOMEM;
		}
	}
	if (rc < 0) {
		if (s->p.why[0])
			rr_error("%s", s->p.why);
		sim_close(&s->base);
		return rc == RR_ERR_CRASH ? RR_ERR_NODEV : rc;
	}
	s->out[RIG_OUT_DC] = s->out[RIG_OUT_AC] = s->out[RIG_OUT_BAT] = true;
	*out = &s->base;
	return RR_OK;
}

static int sim_safe_state(struct rig *r)
{
	static const char *const cmds[] = {
		"set usb 0",
		"set in1 0",
		"set in2 0",
		"set in3 0",
		"set in4 0",
		"set in5 0",
		"set in6 0",
		"set dc 0",
		"set ac 0",
		"set bat 0",
	};
	struct sim_rig *s = S(r);
	int rc = RR_OK;

	if (s->p.dead || s->p.pid <= 0)
		return RR_OK; /* nothing powered */
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		int e = simp_send(&s->p, cmds[i]);
		if (e == RR_ERR_CRASH)
			return e;
		if (e < 0)
			rc = e;
	}
	int e = simp_sync(&s->p);
	if (e < 0)
		return e;
	memset(s->out, 0, sizeof(s->out));
	return rc;
}

static void sim_close(struct rig *r)
{
	struct sim_rig *s = S(r);

	if (!s)
		return;
	if (s->p.pid > 0) /* scripts/bench sums these (-v) */
		rr_info("unit stopped after %llu ms of virtual time",
			(unsigned long long)s->p.now_ms);
	sim_safe_state(r);
	simp_close(&s->p);
	link_close(s->modem);
	link_close(s->usb);
	free(s);
}


static int sim_set_output(struct rig *r, enum rig_output o, bool on)
{
	struct sim_rig *s = S(r);
	char cmd[32];
	int rc;

	if ((int)o < 0 || o >= RIG_OUT_COUNT)
		return RR_ERR_ARG;
	snprintf(cmd, sizeof(cmd), "set %s %d", simp_out_name(o), on ? 1 : 0);
	/* sent ahead: a run of switches costs one round trip (the relays and
	 * their events are read before anyone looks at them) */
	rc = simp_send(&s->p, cmd);
	if (rc == RR_OK)
		s->out[o] = on;
	return rc;
}

static int sim_set_temp(struct rig *r, int sensor, int decic, bool fail)
{
	char cmd[64];

	if (sensor < 1 || sensor > RIG_SENSORS)
		return RR_ERR_ARG;
	if (!fail && decic != RIG_TEMP_NONE &&
	    (decic < RIG_TEMP_MIN_C * 10 || decic > RIG_TEMP_MAX_C * 10))
		return RR_ERR_ARG;
	if (fail)
		snprintf(cmd, sizeof(cmd), "set temp%d fail", sensor);
	else if (decic == RIG_TEMP_NONE)
		snprintf(cmd, sizeof(cmd), "set temp%d none", sensor);
	else
		snprintf(cmd, sizeof(cmd), "set temp%d %s%d.%d", sensor,
			 decic < 0 ? "-" : "", abs(decic) / 10, abs(decic) % 10);
	/* checked above against the range the simulator takes: sent ahead */
	return simp_send(&S(r)->p, cmd);
}

static int sim_set_battery_level(struct rig *r, int percent)
{
	char cmd[32];

	if (percent < 0 || percent > 100)
		return RR_ERR_ARG;
	snprintf(cmd, sizeof(cmd), "set batlevel %d", percent);
	return simp_send(&S(r)->p, cmd);
}

static int sim_relays(struct rig *r, struct rig_relay out[RIG_RELAYS])
{
	int rc = simp_sync(&S(r)->p);

	if (rc < 0)
		return rc;
	memcpy(out, S(r)->p.relay, sizeof(S(r)->p.relay));
	return RR_OK;
}

static uint64_t sim_now_ms(struct rig *r)
{
	return S(r)->p.now_ms;
}

/* At most this many bytes of a stream go with one run (the simulator
 * takes 16 KiB); the rest goes with the next. */
#define INLINE_MAX 8192

static void put_hex(struct sbuf *b, char tag, struct sbuf *src)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = src->len < INLINE_MAX ? src->len : INLINE_MAX;

	if (!n)
		return;
	char *o = sb_extend(b, 2 + 2 * n);
	if (!o)
		return; /* out of memory: the run is not sent (sb_ok) */
	*o++ = ' ';
	*o++ = tag;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)src->s[i];
		*o++ = hex[c >> 4];
		*o++ = hex[c & 15];
	}
	memmove(src->s, src->s + n, src->len - n);
	src->len -= n;
	src->s[src->len] = '\0';
}

/* "run <ms> m<hex> u<hex>": the run with the bytes written since the last. */
static int run_inline(struct sim_rig *s, const char *run, char *reply, size_t len)
{
	struct sbuf b;
	int rc;

	sb_init(&b);
	sb_puts(&b, run);
	put_hex(&b, 'm', &s->p.modem_tx);
	put_hex(&b, 'u', &s->p.usb_tx);
	rc = sb_ok(&b) ? simp_cmd(&s->p, b.s, reply, len) : RR_ERR_NOMEM;
	sb_free(&b);
	return rc;
}

static int sim_advance(struct rig *r, uint64_t until_ms, uint64_t *now)
{
	struct sim_rig *s = S(r);
	char cmd[48], reply[64];
	uint64_t step;
	int rc;

	if (until_ms > s->p.now_ms) {
		step = until_ms - s->p.now_ms;
		if (step > RUN_CHUNK_MS)
			step = RUN_CHUNK_MS;
		snprintf(cmd, sizeof(cmd), "run %llu", (unsigned long long)step);
		if (s->p.inline_streams && (s->p.modem_tx.len || s->p.usb_tx.len))
			rc = run_inline(s, cmd, reply, sizeof(reply));
		else
			rc = simp_cmd(&s->p, cmd, reply, sizeof(reply));
		if (rc < 0)
			return rc;
		s->p.now_ms = strtoull(reply, NULL, 10);
	}
	*now = s->p.now_ms;
	return RR_OK;
}

static struct link *sim_modem_link(struct rig *r) { return S(r)->modem; }
static struct link *sim_usb_link(struct rig *r) { return S(r)->usb; }

static int sim_restart(struct rig *r)
{
	return simp_cmd(&S(r)->p, "restart", NULL, 0);
}

static int sim_health(struct rig *r, char *msg, int msglen)
{
	struct sim_rig *s = S(r);

	/* A link can report the end before the control channel does: ask. */
	if (!s->p.dead && simp_cmd(&s->p, "get", NULL, 0) != RR_ERR_CRASH) {
		snprintf(msg, (size_t)msglen, "running");
		return RR_OK;
	}
	snprintf(msg, (size_t)msglen, "%s", s->p.why);
	return RR_ERR_CRASH;
}

static int sim_identity(struct rig *r, char *fw, int fwlen, char *serial, int serlen)
{
	snprintf(fw, (size_t)fwlen, "%s", S(r)->fw);
	snprintf(serial, (size_t)serlen, "%s", S(r)->serial);
	return RR_OK;
}

static int sim_relay_events(struct rig *r, struct rig_relay_event *out, int max)
{
	struct simproc *p = &S(r)->p;
	int rc = simp_sync(p);

	if (rc < 0)
		return rc;
	int n = p->nev < max ? p->nev : max;

	memcpy(out, p->ev, (size_t)n * sizeof(*out));
	memmove(p->ev, p->ev + n, (size_t)(p->nev - n) * sizeof(*out));
	p->nev -= n;
	return n;
}

static int sim_outputs(struct rig *r, bool out[RIG_OUT_COUNT])
{
	memcpy(out, S(r)->out, sizeof(S(r)->out));
	return RR_OK;
}

static int sim_control(struct rig *r, const char *cmd, char *reply, int len)
{
	if (strchr(cmd, '\n'))
		return RR_ERR_ARG;
	return simp_cmd(&S(r)->p, cmd, reply, (size_t)len);
}

const struct rig_driver rig_driver_sim = {
	.name = "sim",
	.caps = RIG_CAP_AC | RIG_CAP_BATTERY | RIG_CAP_USB | RIG_CAP_INPUTS | RIG_CAP_TEMP |
		RIG_CAP_BATTERY_LEVEL | RIG_CAP_CLOCK_JUMP | RIG_CAP_MODELS | RIG_CAP_CONTROL,
	.open = sim_open,
	.close = sim_close,
	.set_output = sim_set_output,
	.set_temp = sim_set_temp,
	.set_battery_level = sim_set_battery_level,
	.relays = sim_relays,
	.now_ms = sim_now_ms,
	.advance = sim_advance,
	.modem_link = sim_modem_link,
	.usb_link = sim_usb_link,
	.restart = sim_restart,
	.safe_state = sim_safe_state,
	.health = sim_health,
	.identity = sim_identity,
	.relay_events = sim_relay_events,
	.outputs = sim_outputs,
	.control = sim_control,
};
