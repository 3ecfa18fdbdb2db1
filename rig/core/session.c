/* session.c - a unit on a rig: stepping time, servicing the emulator and
 * the USB stream, relay history, the SMS inbox. */
#define LOG_PREFIX "session: "
#include "session_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "guard.h"
#include "log.h"

int session_open(const struct rig_driver *drv, const struct rigfile *rf,
		 const struct unit_opts *u, struct session **out, char *err, size_t errlen)
{
	struct session *s;
	int rc;

	*out = NULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return RR_ERR_NOMEM;
	s->drv = drv;
	sb_init(&s->usbrx);
	rc = drv->open(rf, u, &s->rig);
	if (rc < 0) {
		snprintf(err, errlen, "cannot start the unit (%s rig): %s",
			 drv->name, rr_strerror(rc));
		free(s);
		return rc;
	}
	s->modem = drv->modem_link(s->rig);
	s->usb = drv->usb_link(s->rig);
	if (s->modem)
		s->emu = emu_new(s->modem);
	if (!s->emu) {
		snprintf(err, errlen, "cannot start the modem emulator");
		drv->close(s->rig);
		free(s);
		return RR_ERR_NOMEM;
	}
	s->now_ms = drv->now_ms(s->rig);
	drv->relays(s->rig, s->relay);
	drv->identity(s->rig, s->fw, sizeof(s->fw), s->serial, sizeof(s->serial));
	*out = s;
	return RR_OK;
}

int session_safe(struct session *s)
{
	int rc;

	if (!s || s->dead)
		return RR_OK;
	rc = s->drv->safe_state(s->rig);
	s->usb_attached = false;
	if (rc < 0)
		session_mark_dead(s, rc);
	return rc;
}

static void describe_outputs(struct session *s, char *buf, size_t len)
{
	bool o[RIG_OUT_COUNT];
	char in[RIG_INPUTS + 1];

	if (!s->drv->outputs || s->drv->outputs(s->rig, o) < 0) {
		snprintf(buf, len, "%s", s->dead ? "unit not running" : "unknown");
		return;
	}
	for (int i = 0; i < RIG_INPUTS; i++)
		in[i] = o[RIG_OUT_IN1 + i] ? '1' : '0';
	in[RIG_INPUTS] = '\0';
	snprintf(buf, len, "dc=%d ac=%d bat=%d usb=%d inputs=%s",
		 o[RIG_OUT_DC], o[RIG_OUT_AC], o[RIG_OUT_BAT], o[RIG_OUT_USB], in);
}

void session_close(struct session *s, char *safe, size_t safelen)
{
	if (!s)
		return;
	session_safe(s);
	if (safe)
		describe_outputs(s, safe, safelen);
	emu_free(s->emu);
	s->drv->close(s->rig);
	sb_free(&s->usbrx);
	free(s->inbox);
	free(s);
}

void session_mark_dead(struct session *s, int rc)
{
	if (rc == RR_ERR_INTR || rc == RR_ERR_DEADLINE || s->dead)
		return;
	s->dead = true;
	if (s->drv->health(s->rig, s->why, sizeof(s->why)) == RR_OK || !s->why[0])
		snprintf(s->why, sizeof(s->why), "%s", rr_strerror(rc));
	rr_info("unit lost: %s", s->why);
}

static void add_event(struct session *s, const struct rig_relay_event *ev)
{
	int r = ev->relay;

	if (r < 0 || r >= RIG_RELAYS)
		return;
	s->hist[r][s->nhist[r] % SESSION_HIST] = *ev;
	s->nhist[r]++;
}

/* Fold relay changes into the history. */
static void pull_relays(struct session *s)
{
	struct rig_relay_event ev[32];
	struct rig_relay now[RIG_RELAYS];
	int n;

	if (s->drv->relay_events) {
		while ((n = s->drv->relay_events(s->rig, ev, 32)) > 0)
			for (int i = 0; i < n; i++)
				add_event(s, &ev[i]);
	}
	if (s->drv->relays(s->rig, now) < 0)
		return;
	for (int r = 0; r < RIG_RELAYS; r++) {
		if (!s->drv->relay_events && now[r].on != s->relay[r].on) {
			struct rig_relay_event e = { r, now[r].on, now[r].changed_ms };
			add_event(s, &e);
		}
		s->relay[r] = now[r];
	}
}

static void pull_sms(struct session *s)
{
	struct emu_sms_out m;

	while (emu_take_sms(s->emu, NULL, &m)) {
		if (!s->inbox) {
			s->inbox = calloc(SESSION_INBOX, sizeof(*s->inbox));
			if (!s->inbox)
				return;
		}
		if (s->ninbox == SESSION_INBOX) {
			memmove(s->inbox, s->inbox + 1, (SESSION_INBOX - 1) * sizeof(*s->inbox));
			s->ninbox--;
		}
		s->inbox[s->ninbox++] = m;
	}
}

static int pull_usb(struct session *s)
{
	uint8_t buf[512];
	int n;

	if (!s->usb || !s->usb_attached) /* a detached port has nothing (ftdi: RR_ERR_CLOSED) */
		return RR_OK;
	while ((n = link_read(s->usb, buf, sizeof(buf), 0)) > 0)
		sb_putn(&s->usbrx, (const char *)buf, (size_t)n);
	return n < 0 ? n : RR_OK;
}

int session_poll(struct session *s)
{
	int rc;

	if (s->dead)
		return RR_ERR_CRASH;
	pull_relays(s);
	rc = emu_service(s->emu, s->now_ms);
	if (rc >= 0)
		rc = pull_usb(s);
	if (rc < 0) {
		session_mark_dead(s, rc);
		return RR_ERR_CRASH;
	}
	pull_sms(s);
	return RR_OK;
}

int session_wait(struct session *s, uint64_t until_ms, session_cond cond,
		 void *arg, uint64_t max_step_ms)
{
	uint64_t target, due, now;
	int rc;

	for (;;) {
		rc = session_poll(s);
		if (rc < 0)
			return rc;
		if (cond && cond(s, arg))
			return RR_OK;
		if (s->now_ms >= until_ms)
			return RR_ERR_TIMEOUT;
		rc = guard_check();
		if (rc < 0)
			return rc;
		target = until_ms;
		if (max_step_ms && s->now_ms + max_step_ms < target)
			target = s->now_ms + max_step_ms;
		due = emu_next_deadline(s->emu);
		if (due < target)
			target = due > s->now_ms ? due : s->now_ms + 1;
		rc = s->drv->advance(s->rig, target, &now);
		if (rc < 0) {
			if (rc == RR_ERR_INTR || rc == RR_ERR_DEADLINE)
				return rc;
			session_mark_dead(s, rc);
			return RR_ERR_CRASH;
		}
		s->now_ms = now;
	}
}

int session_set(struct session *s, enum rig_output o, bool on)
{
	int rc;

	if (s->dead)
		return RR_ERR_CRASH;
	rc = s->drv->set_output(s->rig, o, on);
	if (rc < 0 && rc != RR_ERR_NOTSUP && rc != RR_ERR_ARG) {
		session_mark_dead(s, rc);
		return RR_ERR_CRASH;
	}
	if (rc == RR_OK && o == RIG_OUT_USB) {
		s->usb_attached = on;
		sb_clear(&s->usbrx);
	}
	return rc;
}

bool session_take_sms(struct session *s, const char *number,
		      bool (*match)(const char *text, void *arg), void *arg,
		      struct emu_sms_out *out)
{
	for (int i = 0; i < s->ninbox; i++) {
		struct emu_sms_out *m = &s->inbox[i];
		if (number && strcmp(number, m->number))
			continue;
		if (match && !match(m->text, arg))
			continue;
		*out = *m;
		memmove(m, m + 1, (size_t)(s->ninbox - i - 1) * sizeof(*m));
		s->ninbox--;
		return true;
	}
	return false;
}

void session_relay_history(const struct session *s, int r, struct sbuf *b)
{
	int n = s->nhist[r], first = n > SESSION_HIST ? n - SESSION_HIST : 0;

	if (n == 0)
		sb_puts(b, "no change since the unit started");
	if (first)
		sb_printf(b, "(%d older changes) ", first);
	for (int i = first; i < n; i++) {
		const struct rig_relay_event *e = &s->hist[r][i % SESSION_HIST];
		sb_printf(b, "%s%s@%llu.%03llus", i > first ? " " : "", e->on ? "on" : "off",
			  (unsigned long long)(e->t_ms / 1000), (unsigned long long)(e->t_ms % 1000));
	}
}

void session_transcript(const struct session *s, int n, struct sbuf *b)
{
	char buf[16384];

	if (!s || !s->emu)
		return;
	emu_transcript_tail(s->emu, n, buf, sizeof(buf));
	sb_puts(b, buf);
}

/* ---- state ---- */

uint64_t session_now(const struct session *s) { return s->now_ms; }
bool session_dead(const struct session *s) { return s->dead; }
const char *session_why(const struct session *s) { return s->why; }
const char *session_fw(const struct session *s) { return s->fw; }
const char *session_serial(const struct session *s) { return s->serial; }
const char *session_driver(const struct session *s) { return s->drv->name; }

bool session_relay(const struct session *s, int r)
{
	return r >= 0 && r < RIG_RELAYS && s->relay[r].on;
}

bool session_relay_reached(const struct session *s, int r, bool on, uint64_t since_ms,
			   uint64_t *at)
{
	int n = s->nhist[r];

	for (int i = n > SESSION_HIST ? n - SESSION_HIST : 0; i < n; i++) {
		const struct rig_relay_event *e = &s->hist[r][i % SESSION_HIST];
		if (e->t_ms >= since_ms && e->on == on) {
			*at = e->t_ms;
			return true;
		}
	}
	if (s->relay[r].on == on) {
		*at = s->now_ms;
		return true;
	}
	return false;
}

bool session_relay_last(const struct session *s, int r, uint64_t *t_ms)
{
	int n = s->nhist[r];

	if (n == 0)
		return false;
	*t_ms = s->hist[r][(n - 1) % SESSION_HIST].t_ms;
	return true;
}

/* ---- modem ---- */

struct emu *session_modem(struct session *s) { return s->emu; }

void session_set_network_time(struct session *s, int64_t epoch)
{
	emu_set_network_time(s->emu, epoch, s->now_ms);
	s->net_epoch = epoch;
}

int session_inbox_count(const struct session *s, const char *number)
{
	int n = 0;

	for (int i = 0; i < s->ninbox; i++)
		if (!number || !strcmp(number, s->inbox[i].number))
			n++;
	return n;
}

const struct emu_sms_out *session_inbox_at(const struct session *s, int i)
{
	return i >= 0 && i < s->ninbox ? &s->inbox[i] : NULL;
}

void session_inbox_remove(struct session *s, int i)
{
	if (i < 0 || i >= s->ninbox)
		return;
	memmove(&s->inbox[i], &s->inbox[i + 1], (size_t)(s->ninbox - i - 1) * sizeof(*s->inbox));
	s->ninbox--;
}

int session_inbox_clear(struct session *s, const char *number)
{
	int n = 0;

	for (int i = 0; i < s->ninbox;) {
		if (!number || !strcmp(number, s->inbox[i].number)) {
			session_inbox_remove(s, i);
			n++;
		} else {
			i++;
		}
	}
	return n;
}

/* ---- rig operations ---- */

/* A failed driver call: argument and "cannot" pass through; anything else
 * means the unit (or the rig) is gone. */
static int driver_rc(struct session *s, int rc)
{
	if (rc >= 0 || rc == RR_ERR_NOTSUP || rc == RR_ERR_ARG)
		return rc;
	if (rc == RR_ERR_INTR || rc == RR_ERR_DEADLINE)
		return rc;
	session_mark_dead(s, rc);
	return RR_ERR_CRASH;
}

int session_set_temp(struct session *s, int sensor, int decic, bool fail)
{
	if (s->dead)
		return RR_ERR_CRASH;
	if (!s->drv->set_temp)
		return RR_ERR_NOTSUP;
	return driver_rc(s, s->drv->set_temp(s->rig, sensor, decic, fail));
}

int session_set_battery_level(struct session *s, int percent)
{
	if (s->dead)
		return RR_ERR_CRASH;
	if (!s->drv->set_battery_level)
		return RR_ERR_NOTSUP;
	return driver_rc(s, s->drv->set_battery_level(s->rig, percent));
}

int session_control(struct session *s, const char *cmd, char *reply, int len)
{
	if (len > 0)
		reply[0] = '\0';
	if (s->dead)
		return RR_ERR_CRASH;
	if (!s->drv->control)
		return RR_ERR_NOTSUP;
	int rc = s->drv->control(s->rig, cmd, reply, len);
	if (rc == RR_ERR_ARG)
		return rc;
	if (rc < 0) {
		/* the unit may have been told to hang or crash: it is gone */
		session_mark_dead(s, rc);
		return rc == RR_ERR_DEADLINE || rc == RR_ERR_INTR ? rc : RR_ERR_CRASH;
	}
	return rc;
}

int session_restart(struct session *s)
{
	if (s->dead)
		return RR_ERR_CRASH;
	int rc = s->drv->restart(s->rig);
	if (rc < 0) {
		session_mark_dead(s, rc);
		return RR_ERR_CRASH;
	}
	return rc;
}

bool session_usb_attached(const struct session *s) { return s->usb_attached; }
