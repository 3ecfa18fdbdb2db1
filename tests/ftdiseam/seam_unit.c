/*
 * seam_unit.c - the fake unit and the bench board behind the seam rig's
 * FTDI chip (seam.h), and the rig clock they share.
 *
 * The unit is bin/isocket-sim (RELAYRIG_FTDISEAM_SIM overrides), one fresh
 * process each time the driver claims the chip, run in lockstep with a
 * virtual clock: rigclk_us() and rigclk_wait() replace rigclk.c, so time
 * passes only while the driver waits, and the simulator is run only up to
 * the next thing due (its `next` command). The board between the chip and
 * the unit is wired as fixtures/rigs/ftdiseam.rig says
 * (RELAYRIG_FTDISEAM_BOARD overrides): the rig file the driver is given may
 * disagree with it (a wiring fault), and the suites must then fail.
 *
 * Timings played back:
 *   - an output pin switches its supply or input OUT_DELAY_US later (the
 *     optocoupler and the supply relay), so the driver's settle time counts;
 *   - a relay contact closes OPERATE_US after the unit drives the coil and
 *     opens RELEASE_US after it stops, each with contact bounce shorter than
 *     the debounce time (the simulator's own 10 ms drop after 12 V fails
 *     comes on top);
 *   - the modem UART carries one byte per BYTE_US (115200 baud, 8N1) each
 *     way, through a pty named in the rig file ([modem] port);
 *   - the unit's USB port (a pty at [usb] port) appears USB_ENUM_US after
 *     USB is attached to a powered unit and goes away when USB is detached
 *     or the unit loses power; bytes cross it on 1 ms frames;
 *   - the driver's restart() cuts the supplies for its restart_off_ms.
 *
 * While nothing is due (no byte in flight, no contact moving, no output
 * switching, no timer of the unit), a wait inside the driver's sampling
 * loop jumps to the end of that loop (ftdi_hw_run's deadline, taken with
 * ld --wrap): the driver still samples, debounces and settles on its own
 * schedule around every event, but hours of idle rig time cost nothing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <ftdi.h>

#include "drivers/ftdi/protocol.h"
#include "drivers/ftdi/rigclk.h"
#include "drivers/sim/protocol.h"
#include "err.h"
#include "link/link.h"
#include "seam.h"

#define OUT_DELAY_US 5000u    /* output pin to supply/input switched */
#define OPERATE_US 4000u      /* coil on to contact closed */
#define RELEASE_US 2000u      /* coil off to contact open */
#define BYTE_US 87u           /* 10 bits at 115200 baud (RELAYRIG_FTDISEAM_BYTE_US) */
#define USB_FRAME_US 1000u    /* USB full-speed frame */
#define USB_ENUM_US 400000u   /* USB attached to the CDC port present */
#define BASE_US 5000000000ull /* the rig clock starts at an arbitrary value */

#define NEDGE 32
#define NOUT 64
#define QSIZE 65536

static uint64_t now_us = BASE_US;
static uint64_t byte_us = BYTE_US;
/* RELAYRIG_FTDISEAM_TRACE prints every simulator command, _STATS counts
 * at exit, _BYTE_US changes the UART's byte time (0: no pacing). */
static unsigned long n_cmd, n_ptywait, n_wait;
static uint64_t horizon_us; /* ftdi_hw_run's deadline while it runs, else 0 */

uint64_t rigclk_us(void) { return now_us; }

/* --- the board's wiring -------------------------------------------------- */

static struct rigfile board;
static bool board_loaded;
static uint64_t busy_us; /* after a contact edge the driver samples unhurried this long */

static void fatal(const char *fmt, const char *a, const char *b)
{
	fprintf(stderr, "ftdiseam: ");
	fprintf(stderr, fmt, a, b);
	fputc('\n', stderr);
	exit(2);
}

static void load_board(void)
{
	char err[512];
	if (board_loaded)
		return;
	const char *path = getenv("RELAYRIG_FTDISEAM_BOARD");
	if (!path || !*path)
		path = "fixtures/rigs/ftdiseam.rig";
	if (rigfile_load(path, &board, err, sizeof(err)) != RR_OK)
		fatal("the board's wiring: %s%s", err, "");
	if (!board.modem.name[0] || !board.usb.name[0])
		fatal("%s: the board needs [modem] port and [usb] port paths%s", path, "");
	const char *bu = getenv("RELAYRIG_FTDISEAM_BYTE_US");
	if (bu && *bu)
		byte_us = strtoull(bu, NULL, 10);
	busy_us = (uint64_t)(board.debounce_ms + 3 * board.poll_ms) * 1000u + OPERATE_US;
	board_loaded = true;
}

/* --- byte queues with arrival times --------------------------------------- */

struct q {
	uint8_t b[QSIZE];
	uint64_t t[QSIZE];
	size_t head, tail; /* head: next out */
	uint64_t last;     /* arrival of the last byte queued */
};

static struct q to_unit_modem, to_host_modem, to_unit_usb, to_host_usb;

static void q_clear(struct q *q)
{
	q->head = q->tail = 0;
	q->last = 0;
}
static bool q_empty(const struct q *q) { return q->head == q->tail; }
/* When the bytes waiting are handed over: once the line goes idle, at the
 * arrival of the last byte queued (the MCU's receive interrupt buffers a
 * burst for its main loop; the host's USB-serial adapter sends what it has
 * when the line pauses). */
static uint64_t q_due(const struct q *q)
{
	return q_empty(q) ? UINT64_MAX : q->last;
}

/* UART: one byte every BYTE_US after the previous one. */
static void q_uart(struct q *q, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n && q->tail - q->head < QSIZE; i++) {
		uint64_t t = (q->last > now_us ? q->last : now_us) + byte_us;
		q->b[q->tail % QSIZE] = b[i];
		q->t[q->tail % QSIZE] = q->last = t;
		q->tail++;
	}
}

/* USB: on the next frame. */
static void q_usb(struct q *q, const uint8_t *b, size_t n)
{
	uint64_t t = (now_us / USB_FRAME_US + 1) * USB_FRAME_US;
	for (size_t i = 0; i < n && q->tail - q->head < QSIZE; i++) {
		q->b[q->tail % QSIZE] = b[i];
		q->t[q->tail % QSIZE] = q->last = t;
		q->tail++;
	}
}

/* Hand the bytes due by now to fd (-1: they are lost, as on a cut line). */
static size_t q_deliver(struct q *q, int fd)
{
	uint8_t buf[4096];
	size_t n = 0;
	while (!q_empty(q) && q->t[q->head % QSIZE] <= now_us && n < sizeof(buf))
		buf[n++] = q->b[q->head++ % QSIZE];
	if (n && fd >= 0) {
		size_t off = 0;
		while (off < n) {
			ssize_t w = write(fd, buf + off, n - off);
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0 && errno == EAGAIN) {
				struct pollfd p = { fd, POLLOUT, 0 };
				poll(&p, 1, 100);
				continue;
			}
			if (w <= 0)
				break;
			off += (size_t)w;
		}
	}
	return fd >= 0 ? n : 0;
}

/* --- the unit -------------------------------------------------------------- */

struct edge {
	uint64_t t;
	bool closed;
};

static struct {
	bool running, dead;
	struct simproc p;
	uint64_t epoch;           /* rig clock at the simulator's time 0 */
	uint64_t sim_ms;          /* the simulator's time */
	uint64_t next_us;         /* its next event on the rig clock, UINT64_MAX: none */
	bool dirty;               /* something changed that it has not stepped over */
	bool out[RIG_OUT_COUNT];  /* the supplies and inputs as the unit sees them */
	bool want[RIG_OUT_COUNT]; /* as the pins last asked (after the delay) */
	struct outch {
		uint64_t t;
		int o;
		bool on;
	} outq[NOUT];
	int nout;
	bool closed[RIG_RELAYS]; /* contact state at the last edge passed */
	struct edge edge[RIG_RELAYS][NEDGE];
	int nedge[RIG_RELAYS];
	uint64_t quiet_at;    /* no contact moves from then on */
	uint64_t usb_enum_at; /* when the USB port appears, 0 = not pending */
	bool usb_present;
} U;

/* The two ptys, 0 the modem UART, 1 the unit's USB port. The seam keeps
 * the master and a slave descriptor of its own (to see, without reading,
 * what waits for the host); the host's link counts what it wrote and read,
 * so that every byte crossing the pty is seen by the other side before
 * virtual time moves on (a pty hands bytes over through a kernel worker,
 * at some later wall-clock moment). */
struct seam_link;
static struct port {
	int master, slave;
	char pts[64];
	uint64_t delivered, taken; /* bytes written to / read from the master */
	struct seam_link *link;    /* the host's end, while open */
} seam_ports[2] = { { .master = -1, .slave = -1 }, { .master = -1, .slave = -1 } };

struct seam_link {
	struct link base;
	struct link *inner;
	int which;
	uint64_t wrote, read;
};


static int sim_cmd(const char *cmd, char *reply, size_t len)
{
	if (U.dead)
		return RR_ERR_CRASH;
	static int trace = -1;
	if (trace < 0)
		trace = getenv("RELAYRIG_FTDISEAM_TRACE") != NULL;
	int rc = simp_cmd(&U.p, cmd, reply, len);
	n_cmd++;
	if (trace)
		fprintf(stderr, "ftdiseam: %.3f ms: %s -> %d %s\n", (double)(now_us - U.epoch) / 1000.0,
			cmd, rc, reply && rc >= 0 ? reply : "");
	if (rc == RR_ERR_CRASH || U.p.dead)
		U.dead = true;
	return rc;
}

/* A pty whose slave is raw, with a symlink to the slave at path. */
static void make_pty(struct port *pt, const char *path)
{
	int fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 || grantpt(fd) || unlockpt(fd))
		fatal("cannot create a pty for %s%s", path, "");
	snprintf(pt->pts, sizeof(pt->pts), "%s", ptsname(fd));
	pt->slave = open(pt->pts, O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
	if (pt->slave < 0)
		fatal("cannot open %s: %s", pt->pts, strerror(errno));
	struct termios t;
	if (tcgetattr(pt->slave, &t) == 0) {
		cfmakeraw(&t);
		tcsetattr(pt->slave, TCSANOW, &t);
	}
	fcntl(fd, F_SETFL, O_NONBLOCK);
	pt->master = fd;
	pt->delivered = pt->taken = 0;
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s", path);
	for (char *p = dir + 1; (p = strchr(p, '/')); p++) { /* mkdir -p the folder */
		*p = '\0';
		mkdir(dir, 0755);
		*p = '/';
	}
	unlink(path);
	if (symlink(pt->pts, path) != 0)
		fatal("cannot link %s to the pty: %s", path, strerror(errno));
}

static void drop_pty(struct port *pt, const char *path)
{
	if (pt->master >= 0)
		close(pt->master);
	if (pt->slave >= 0)
		close(pt->slave);
	pt->master = pt->slave = -1;
	pt->pts[0] = '\0';
	unlink(path);
}

/* Wall-clock patience for the pty's kernel worker. */
#define PTY_WAIT_MS 2000

/* Everything delivered to the master and not yet read by the host is
 * readable at the slave. */
static void pty_settle_out(struct port *pt)
{
	if (pt->master < 0 || !pt->link)
		return;
	uint64_t want = pt->delivered - pt->link->read;
	for (int i = 0; i < PTY_WAIT_MS; i++) {
		int n = 0;
		if (ioctl(pt->slave, FIONREAD, &n) < 0 || (uint64_t)n >= want)
			return;
		struct pollfd p = { pt->slave, POLLIN, 0 };
		n_ptywait++;
		poll(&p, 1, 1);
	}
}

static void usb_gone(void)
{
	U.usb_enum_at = 0;
	U.usb_present = false;
	q_clear(&to_unit_usb);
	q_clear(&to_host_usb);
	drop_pty(&seam_ports[1], board.usb.name);
}

/* The simulator's relay events become contact edges with bounce. */
static void add_edge(int r, uint64_t t, bool closed)
{
	if (U.nedge[r] == NEDGE) { /* a relay chattering faster than we keep: keep the end */
		memmove(U.edge[r], U.edge[r] + 1, sizeof(U.edge[r][0]) * (NEDGE - 1));
		U.nedge[r]--;
	}
	U.edge[r][U.nedge[r]++] = (struct edge){ t, closed };
	if (t + busy_us > U.quiet_at)
		U.quiet_at = t + busy_us;
}

static void take_events(void)
{
	for (int i = 0; i < U.p.nev; i++) {
		const struct rig_relay_event *e = &U.p.ev[i];
		uint64_t t = U.epoch + e->t_ms * 1000u;
		if (e->on) { /* closes, bounces twice */
			t += OPERATE_US;
			add_edge(e->relay, t, true);
			add_edge(e->relay, t + 300, false);
			add_edge(e->relay, t + 700, true);
			add_edge(e->relay, t + 1200, false);
			add_edge(e->relay, t + 1500, true);
		} else { /* opens, bounces once */
			t += RELEASE_US;
			add_edge(e->relay, t, false);
			add_edge(e->relay, t + 200, true);
			add_edge(e->relay, t + 500, false);
		}
	}
	U.p.nev = 0;
	if (!U.p.powered && (U.usb_present || U.usb_enum_at))
		usb_gone();
	else if (U.p.powered && U.out[RIG_OUT_USB] && !U.usb_present && !U.usb_enum_at)
		U.usb_enum_at = now_us + USB_ENUM_US;
}

/* Bytes the unit wrote, onto the lines towards the host. */
static void take_output(void)
{
	uint8_t buf[4096];
	ssize_t n;
	while (U.p.modem_fd >= 0 && (n = read(U.p.modem_fd, buf, sizeof(buf))) > 0)
		q_uart(&to_host_modem, buf, (size_t)n);
	while (U.p.usb_fd >= 0 && (n = read(U.p.usb_fd, buf, sizeof(buf))) > 0)
		if (U.usb_present)
			q_usb(&to_host_usb, buf, (size_t)n);
}

/* Run the simulator up to rig time t (whole ms), or until it writes;
 * true when it got there. The rig clock follows it. Unless sync, it is
 * left behind while it has nothing due before t. */
static bool sim_to(uint64_t t, bool sync)
{
	if (!U.running || U.dead)
		return true;
	uint64_t ms = (t - U.epoch) / 1000u;
	if (ms < U.sim_ms)
		ms = U.sim_ms;
	if (!U.dirty && (ms == U.sim_ms || (!sync && t < U.next_us)))
		return true; /* nothing due: its clock may lag until it gets something */
	char cmd[48], r[64];
	snprintf(cmd, sizeof(cmd), "run %llu next", (unsigned long long)(ms - U.sim_ms));
	if (sim_cmd(cmd, r, sizeof(r)) != RR_OK)
		return true;
	char *end;
	U.sim_ms = strtoull(r, &end, 10);
	U.next_us = strcmp(end, " none") ? U.epoch + strtoull(end, NULL, 10) * 1000u : UINT64_MAX;
	U.dirty = U.sim_ms < ms; /* stopped where it wrote: the input still waits */
	uint64_t at = U.epoch + U.sim_ms * 1000u;
	if (at > now_us)
		now_us = at;
	take_events();
	take_output();
	return U.sim_ms >= ms;
}

static void sim_set(int o, bool on)
{
	char cmd[32];
	snprintf(cmd, sizeof(cmd), "set %s %d", simp_out_name(o), on ? 1 : 0);
	/* A supply change powers the MCU up or down at the simulator's time,
	 * and bytes handed over must be taken before USB goes: bring it to
	 * the present first. Otherwise the firmware notices the change at its
	 * next step, which is now. */
	if (U.dirty || o == RIG_OUT_DC || o == RIG_OUT_BAT)
		sim_to(now_us, true);
	U.out[o] = on;
	if (sim_cmd(cmd, NULL, 0) == RR_OK)
		U.dirty = true;
	take_events();
	if (o == RIG_OUT_USB && !on)
		usb_gone();
}

/* What the pins ask of each supply and input. A pin the chip does not
 * drive floats high: with active-low wiring, off. */
static bool pin_level(const struct rigfile_line *l)
{
	const struct seam_chan *c = &seam_chan[l->channel];
	uint8_t m = (uint8_t)(1u << l->bit);
	bool driven = c->mode == BITMODE_BITBANG && (c->dir & m);
	return driven ? (c->latch & m) != 0 : true;
}

void seam_unit_pins_changed(void)
{
	load_board();
	for (int o = 0; o < RIG_OUT_COUNT; o++) {
		const struct rigfile_line *l = &board.out[o];
		if (!l->wired)
			continue;
		bool on = pin_level(l) != l->active_low;
		if (on == U.want[o])
			continue;
		U.want[o] = on;
		if (U.running && U.nout < NOUT)
			U.outq[U.nout++] = (struct outch){ now_us + OUT_DELAY_US, o, on };
	}
}

/* Contact state of relay r now, dropping the edges passed. */
static bool contact(int r)
{
	int k = 0;
	while (k < U.nedge[r] && U.edge[r][k].t <= now_us)
		U.closed[r] = U.edge[r][k++].closed;
	if (k) {
		memmove(U.edge[r], U.edge[r] + k, sizeof(U.edge[r][0]) * (size_t)(U.nedge[r] - k));
		U.nedge[r] -= k;
	}
	return U.closed[r];
}

uint8_t seam_unit_pins_in(int ch)
{
	load_board();
	uint8_t v = 0xff; /* pull-ups */
	for (int r = 0; r < RIG_RELAYS; r++) {
		const struct rigfile_line *l = &board.relay[r];
		if (!l->wired || l->channel != ch)
			continue;
		bool high = contact(r) != l->active_low;
		if (!high)
			v &= (uint8_t) ~(1u << l->bit);
	}
	return v;
}

static void unit_start(void)
{
	char err[64];
	load_board();
	const char *path = getenv("RELAYRIG_FTDISEAM_SIM");
	if (!path || !*path)
		path = "bin/isocket-sim";
	memset(&U.p, 0, sizeof(U.p));
	U.dead = false;
	U.running = true;
	U.epoch = now_us;
	U.sim_ms = 0;
	U.nout = 0;
	U.quiet_at = 0;
	memset(U.nedge, 0, sizeof(U.nedge));
	memset(U.closed, 0, sizeof(U.closed));
	q_clear(&to_unit_modem);
	q_clear(&to_host_modem);
	usb_gone();
	make_pty(&seam_ports[0], board.modem.name);
	if (simp_spawn(&U.p, path, NULL, 5000) != RR_OK || sim_cmd("hello", err, sizeof(err)) != RR_OK) {
		U.dead = true;
		return;
	}
	fcntl(U.p.modem_fd, F_SETFL, O_NONBLOCK);
	fcntl(U.p.usb_fd, F_SETFL, O_NONBLOCK);
	/* The simulator starts powered; the board decides. */
	/* The simulator starts powered; the board decides, before the
	 * firmware runs at all (a unit on a rig starts unpowered). */
	bool start[RIG_OUT_COUNT] = { [RIG_OUT_DC] = true, [RIG_OUT_AC] = true, [RIG_OUT_BAT] = true };
	for (int o = 0; o < RIG_OUT_COUNT; o++) {
		char cmd[32];
		U.out[o] = U.want[o];
		snprintf(cmd, sizeof(cmd), "set %s %d", simp_out_name(o), U.want[o] ? 1 : 0);
		if (U.want[o] != start[o])
			sim_cmd(cmd, NULL, 0);
	}
	U.p.nev = 0;
	U.dirty = true;
	sim_to(now_us, true);
}

static void unit_stop(void)
{
	if (!U.running)
		return;
	simp_close(&U.p);
	U.running = false;
	usb_gone();
	drop_pty(&seam_ports[0], board.modem.name);
	q_clear(&to_unit_modem);
	q_clear(&to_host_modem);
	U.nout = 0;
}

static int claims;

void seam_unit_claim(void)
{
	if (claims++ == 0)
		unit_start();
}

void seam_unit_release(void)
{
	if (claims > 0 && --claims == 0)
		unit_stop();
}

/* --- time ------------------------------------------------------------------ */

/* What the host wrote, onto the lines towards the unit: every byte its
 * link wrote, waiting for the pty to hand them over. */
static void from_host_port(struct port *pt, struct q *q, bool uart)
{
	uint8_t buf[4096];
	for (int i = 0; pt->master >= 0 && i < PTY_WAIT_MS; i++) {
		ssize_t n;
		while ((n = read(pt->master, buf, sizeof(buf))) > 0) {
			pt->taken += (uint64_t)n;
			if (uart)
				q_uart(q, buf, (size_t)n);
			else
				q_usb(q, buf, (size_t)n);
		}
		if (!pt->link || pt->taken >= pt->link->wrote)
			return;
		struct pollfd p = { pt->master, POLLIN, 0 };
		n_ptywait++;
		poll(&p, 1, 1);
	}
}

static void from_host(void)
{
	from_host_port(&seam_ports[0], &to_unit_modem, true);
	from_host_port(&seam_ports[1], &to_unit_usb, false);
}

static uint64_t min64(uint64_t a, uint64_t b) { return a < b ? a : b; }

static uint64_t next_event(void)
{
	if (!U.running)
		return UINT64_MAX;
	uint64_t t = U.dirty ? now_us : U.next_us;
	for (int i = 0; i < U.nout; i++)
		t = min64(t, U.outq[i].t);
	t = min64(t, q_due(&to_unit_modem));
	t = min64(t, q_due(&to_host_modem));
	t = min64(t, q_due(&to_unit_usb));
	t = min64(t, q_due(&to_host_usb));
	if (U.usb_enum_at)
		t = min64(t, U.usb_enum_at);
	return t;
}

/* Everything due at the present time. */
static void due(void)
{
	for (int i = 0; i < U.nout;) {
		if (U.outq[i].t > now_us) {
			i++;
			continue;
		}
		int o = U.outq[i].o;
		bool on = U.outq[i].on;
		memmove(U.outq + i, U.outq + i + 1, sizeof(U.outq[0]) * (size_t)(U.nout - i - 1));
		U.nout--;
		if (U.out[o] != on)
			sim_set(o, on);
		if (o == RIG_OUT_USB && on && U.p.powered && !U.usb_present && !U.usb_enum_at)
			U.usb_enum_at = now_us + USB_ENUM_US;
	}
	if (U.usb_enum_at && U.usb_enum_at <= now_us) {
		U.usb_enum_at = 0;
		U.usb_present = true;
		make_pty(&seam_ports[1], board.usb.name);
	}
	if (q_due(&to_unit_modem) <= now_us && q_deliver(&to_unit_modem, U.dead ? -1 : U.p.modem_fd))
		U.dirty = true;
	if (q_due(&to_unit_usb) <= now_us && q_deliver(&to_unit_usb, U.dead ? -1 : U.p.usb_fd))
		U.dirty = true;
	if (q_due(&to_host_modem) <= now_us) {
		seam_ports[0].delivered += q_deliver(&to_host_modem, seam_ports[0].master);
		pty_settle_out(&seam_ports[0]);
	}
	if (q_due(&to_host_usb) <= now_us) {
		seam_ports[1].delivered += q_deliver(&to_host_usb, seam_ports[1].master);
		pty_settle_out(&seam_ports[1]);
	}
}

/* Move to the next thing due, or to end. */
static void step(uint64_t end)
{
	uint64_t t = min64(next_event(), end);
	if (t < now_us)
		t = now_us;
	if (sim_to(t, false))
		now_us = t;
	if (U.running)
		due();
}

static bool quiet(void)
{
	return now_us >= U.quiet_at;
}

static void stats(void)
{
	fprintf(stderr, "ftdiseam: %lu waits, %lu simulator commands, %lu pty waits\n", n_wait, n_cmd,
		n_ptywait);
}

int rigclk_wait(struct pollfd *fds, int n, int timeout_ms)
{
	static bool once;
	if (!once && getenv("RELAYRIG_FTDISEAM_STATS"))
		atexit(stats);
	once = true;
	n_wait++;
	uint64_t asked = now_us + (uint64_t)(timeout_ms > 0 ? timeout_ms : 0) * 1000u;
	uint64_t end = asked;
	if (horizon_us > end && quiet())
		end = horizon_us;
	for (;;) {
		if (U.running)
			from_host();
		if (n > 0 && poll(fds, (nfds_t)n, 0) > 0)
			return 1;
		if (end > asked && !quiet())
			end = asked > now_us ? asked : now_us;
		if (now_us >= end)
			return 0;
		step(end);
	}
}

/* --- seams into the driver ---------------------------------------------- */

int __real_ftdi_hw_run(struct ftdi_rig *fr, uint64_t until_us, struct pollfd *fds, int nfds,
		       bool stop_early);
int __wrap_ftdi_hw_run(struct ftdi_rig *fr, uint64_t until_us, struct pollfd *fds, int nfds,
		       bool stop_early);

/* The driver's sampling loop: its deadline lets an idle wait jump there. */
int __wrap_ftdi_hw_run(struct ftdi_rig *fr, uint64_t until_us, struct pollfd *fds, int nfds,
		       bool stop_early)
{
	uint64_t saved = horizon_us;
	horizon_us = until_us;
	int rc = __real_ftdi_hw_run(fr, until_us, fds, nfds, stop_early);
	horizon_us = saved;
	return rc;
}

/* The host's end of a seam pty: a descriptor link that counts. */
static int sl_read(struct link *l, uint8_t *buf, size_t len, int timeout_ms)
{
	struct seam_link *sl = (struct seam_link *)l;
	int n = link_read(sl->inner, buf, len, timeout_ms);
	if (n > 0)
		sl->read += (uint64_t)n;
	return n;
}

static int sl_write(struct link *l, const uint8_t *buf, size_t len)
{
	struct seam_link *sl = (struct seam_link *)l;
	int rc = link_write(sl->inner, buf, len);
	if (rc == RR_OK)
		sl->wrote += len;
	return rc;
}

static int sl_pollfd(struct link *l)
{
	struct seam_link *sl = (struct seam_link *)l;
	return sl->inner->ops->pollfd(sl->inner);
}

static void sl_close(struct link *l)
{
	struct seam_link *sl = (struct seam_link *)l;
	if (sl->which >= 0 && seam_ports[sl->which].link == sl)
		seam_ports[sl->which].link = NULL;
	link_close(sl->inner);
	free(sl);
}

static const struct link_ops seam_link_ops = {
	.read = sl_read,
	.write = sl_write,
	.pollfd = sl_pollfd,
	.close = sl_close,
};

int __real_link_sp_open_msg(const char *port, const char *settings, struct link **out, char *msg,
			    size_t msglen);
int __wrap_link_sp_open_msg(const char *port, const char *settings, struct link **out, char *msg,
			    size_t msglen);

/* libserialport cannot open a pty: the seam's ports are opened here as a
 * raw terminal at the rig file's settings; any other port goes to the
 * real link_sp. */
int __wrap_link_sp_open_msg(const char *port, const char *settings, struct link **out, char *msg,
			    size_t msglen)
{
	struct stat st;
	unsigned maj = 0;
	if (port && stat(port, &st) == 0)
		maj = (unsigned)(st.st_rdev >> 8) & 0xfffu;
	if (!port || !S_ISCHR(st.st_mode) || maj < 136 || maj > 143)
		return __real_link_sp_open_msg(port, settings, out, msg, msglen);
	struct link_sp_settings cfg;
	int rc = link_sp_parse_settings(settings, &cfg, msg, msglen);
	if (rc != RR_OK)
		return rc;
	int fd = open(port, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(msg, msglen, "%s: %s", port, strerror(errno));
		return RR_ERR_NODEV;
	}
	struct termios t;
	if (tcgetattr(fd, &t) == 0) {
		cfmakeraw(&t);
		cfsetspeed(&t, cfg.baud == 115200 ? B115200 : B9600);
		tcsetattr(fd, TCSANOW, &t);
	}
	struct seam_link *sl = calloc(1, sizeof(*sl));
	sl->inner = link_fd_open(fd, port);
	if (!sl->inner) {
		free(sl);
		close(fd);
		return RR_ERR_NOMEM;
	}
	sl->base.ops = &seam_link_ops;
	snprintf(sl->base.name, sizeof(sl->base.name), "%s", port);
	sl->which = -1;
	for (int w = 0; w < 2; w++) {
		if (seam_ports[w].pts[0] && !strcmp(seam_ports[w].pts, port)) {
			sl->which = w;
			seam_ports[w].link = sl;
		}
	}
	*out = &sl->base;
	snprintf(msg, msglen, "ok");
	return RR_OK;
}
