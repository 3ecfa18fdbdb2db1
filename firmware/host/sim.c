/*
 * sim.c - the host port: implements the HAL on a modelled rig and runs the
 * core on virtual time.
 */
#include "sim.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

struct sim sim;

/* --- HAL ------------------------------------------------------------------- */

uint64_t hal_now_ms(void) { return sim.world_ms - sim.boot_ms; }

void hal_relay_write(uint8_t relay, bool on)
{
	if (relay >= HAL_RELAYS)
		return;
	if (on)
		sim.coils |= (uint8_t)(1u << relay);
	else
		sim.coils &= (uint8_t) ~(1u << relay);
	sim_contacts_update();
}

bool hal_input_level(uint8_t i) { return i < HAL_INPUTS && sim.in[i]; }
bool hal_dc_present(void) { return sim.dc; }
bool hal_has_ac_sensor(void) { return sim.ac_sensor; }
const char *hal_serial(void) { return sim_serial; }
bool hal_ac_present(void) { return sim.ac_sensor && sim.ac; }
uint8_t hal_battery_percent(void) { return (uint8_t)sim.bat_level; }

enum hal_temp_status hal_temp_read(uint8_t s, int16_t *decic)
{
	if (s >= HAL_SENSORS)
		return HAL_TEMP_ABSENT;
	*decic = sim.temp[s];
	return (enum hal_temp_status)sim.temp_status[s];
}

static void write_all(int fd, const uint8_t *buf, size_t len)
{
	while (len && fd >= 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			struct pollfd p = { fd, POLLOUT, 0 };
			poll(&p, 1, 100);
			continue;
		}
		if (n <= 0)
			return; /* peer gone: the output is lost like on a cut wire */
		buf += n;
		len -= (size_t)n;
	}
}

/* What the firmware writes is collected and goes out in one write per
 * stream when the control command ends (sim_flush): the harness reads the
 * streams only after the reply, so the bytes and their order are the same
 * as with a write per call, at a fraction of the system calls. */
static void queue(struct sim_outq *q, int fd, const uint8_t *buf, size_t len)
{
	if (q->len + len > sizeof(q->buf)) {
		write_all(fd, q->buf, q->len);
		q->len = 0;
	}
	if (len > sizeof(q->buf)) {
		write_all(fd, buf, len);
		return;
	}
	memcpy(q->buf + q->len, buf, len);
	q->len += len;
}

/* Inline streams: "ev m <hex>" / "ev u <hex>" lines of at most 256 bytes
 * each (the runner's line limit is 1023 characters). */
static void flush_inline(struct sim_outq *q, char tag)
{
	static const char hex[] = "0123456789abcdef";
	char line[2 * 256 + 1];
	for (size_t off = 0; off < q->len; off += 256) {
		size_t n = q->len - off < 256 ? q->len - off : 256;
		for (size_t i = 0; i < n; i++) {
			line[2 * i] = hex[q->buf[off + i] >> 4];
			line[2 * i + 1] = hex[q->buf[off + i] & 15];
		}
		line[2 * n] = '\0';
		fprintf(sim.events, "ev %c %s\n", tag, line);
	}
	q->len = 0;
}

static void flush_queue(struct sim_outq *q, int fd, char tag)
{
	if (sim.inline_streams) {
		flush_inline(q, tag);
	} else if (q->len) {
		write_all(fd, q->buf, q->len);
		q->len = 0;
	}
}

void sim_flush(void)
{
	flush_queue(&sim.modem_out, sim.modem_fd, 'm');
	flush_queue(&sim.usb_out, sim.usb_fd, 'u');
}

/* Inline: the bytes stay until the command's end, however many. */
static void keep(struct sim_outq *q, char tag, const uint8_t *buf, size_t len)
{
	while (len) {
		if (q->len == sizeof(q->buf))
			flush_inline(q, tag);
		size_t n = sizeof(q->buf) - q->len < len ? sizeof(q->buf) - q->len : len;
		memcpy(q->buf + q->len, buf, n);
		q->len += n;
		buf += n;
		len -= n;
	}
}

void hal_modem_write(const uint8_t *buf, size_t len)
{
	if (sim.inline_streams)
		keep(&sim.modem_out, 'm', buf, len);
	else if (sim.modem_fd >= 0)
		queue(&sim.modem_out, sim.modem_fd, buf, len);
	sim.seen = true;
}

void hal_usb_write(const uint8_t *buf, size_t len)
{
	if (!sim.usb)
		return;
	if (sim.inline_streams)
		keep(&sim.usb_out, 'u', buf, len);
	else if (sim.usb_fd >= 0)
		queue(&sim.usb_out, sim.usb_fd, buf, len);
	sim.seen = true;
}

static int unhex(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
					: c >= 'A' && c <= 'F'       ? c - 'A' + 10
								     : -1;
}

bool sim_inline_input(const char *arg)
{
	struct sim_outq *q = arg[0] == 'm' ? &sim.modem_in : arg[0] == 'u' ? &sim.usb_in
									   : NULL;
	size_t n = strlen(arg + 1);
	if (!q || n % 2 || q->len + n / 2 > sizeof(q->buf))
		return false;
	for (size_t i = 0; i < n; i += 2) {
		int h = unhex(arg[1 + i]), l = unhex(arg[2 + i]);
		if (h < 0 || l < 0)
			return false;
	}
	for (size_t i = 0; i < n; i += 2)
		q->buf[q->len++] = (uint8_t)(unhex(arg[1 + i]) << 4 | unhex(arg[2 + i]));
	return true;
}

/* Inline streams: what the runner sent with this run, as the streams
 * would deliver it (USB in pieces the firmware can take, each worked
 * through before the next). */
static void drain_inline(void)
{
	if (sim.modem_in.len) {
		if (sim.powered)
			fw_modem_rx(sim.fw, sim.modem_in.buf, sim.modem_in.len);
		sim.modem_in.len = 0;
	}
	size_t off = 0;
	while (off < sim.usb_in.len) {
		size_t room = sim.powered ? fw_usb_room(sim.fw) : sim.usb_in.len - off;
		if (room > sim.usb_in.len - off)
			room = sim.usb_in.len - off;
		if (room == 0) {
			sim_step();
			continue;
		}
		if (sim.powered && sim.usb) { /* no cable, no bytes */
			fw_usb_rx(sim.fw, sim.usb_in.buf + off, room);
			sim_step();
		}
		off += room;
	}
	sim.usb_in.len = 0;
}

bool hal_usb_attached(void) { return sim.usb; }

bool hal_nv_read(uint16_t off, void *buf, size_t len)
{
	if ((size_t)off + len > HAL_NV_SIZE)
		return false;
	memcpy(buf, sim.nv + off, len);
	return true;
}

bool hal_nv_write(uint16_t off, const void *buf, size_t len)
{
	if ((size_t)off + len > HAL_NV_SIZE)
		return false;
	memcpy(sim.nv + off, buf, len);
	if (!sim.nv_path)
		return true;
	int fd = open(sim.nv_path, O_WRONLY | O_CREAT, 0644);
	if (fd < 0)
		return false;
	bool ok = pwrite(fd, buf, len, off) == (ssize_t)len;
	return close(fd) == 0 && ok;
}

void hal_system_reset(void) { sim.reset_requested = true; }

/* --- the world ------------------------------------------------------------- */

int sim_nv_load(void)
{
	memset(sim.nv, 0xff, sizeof(sim.nv)); /* erased flash */
	if (!sim.nv_path)
		return 0;
	int fd = open(sim.nv_path, O_RDONLY);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	ssize_t n = read(fd, sim.nv, sizeof(sim.nv));
	close(fd);
	return n < 0 ? -1 : 0;
}

static void ev(const char *what)
{
	fprintf(sim.events, "ev %s %llu\n", what, (unsigned long long)sim.world_ms);
}

void sim_contacts_update(void)
{
	bool hold = sim.dc || sim.world_ms < sim.dc_lost_ms + SIM_RELAY_RELEASE_MS;
	uint8_t c = (sim.powered && hold) ? sim.coils : 0;
	for (int r = 0; r < HAL_RELAYS; r++) {
		uint8_t bit = (uint8_t)(1u << r);
		if ((c ^ sim.contacts) & bit) {
			fprintf(sim.events, "ev relay %d %d %llu\n", r + 1, (c & bit) ? 1 : 0,
				(unsigned long long)sim.world_ms);
			sim.seen = true; /* a run ends at a contact's move */
		}
	}
	sim.contacts = c;
}

static void boot(void)
{
	sim.boot_ms = sim.world_ms;
	sim.coils = 0;
	sim.fw = fw_boot();
	if (sim.pdu)
		fw_set_pdu(sim.fw, true);
	fprintf(sim.events, "ev boot %llu nv=%s\n", (unsigned long long)sim.world_ms,
		(const char *const[]){ "ok", "defaults", "repaired", "corrupt" }[fw_nv_status(sim.fw) & 3u]);
	sim_contacts_update();
}

void sim_power_update(void)
{
	static bool dc_before = true;
	if (dc_before && !sim.dc)
		sim.dc_lost_ms = sim.world_ms;
	dc_before = sim.dc;
	/* Without 12 V the battery powers the unit until it is switched off
	 * or empty (a full discharge): then the MCU and the modem are off. */
	bool want = sim.dc || (sim.bat && sim.bat_level > 0);
	if (want && !sim.powered) {
		sim.powered = true;
		ev("power on");
		boot();
	} else if (!want && sim.powered) {
		sim.powered = false;
		sim.coils = 0;
		ev("power off");
	}
	sim_contacts_update();
}

void sim_restart(void)
{
	sim.reset_requested = false;
	if (!sim.powered)
		return;
	sim.coils = 0;
	sim_contacts_update();
	boot();
}

static bool readable(int fd)
{
	struct pollfd p = { fd, POLLIN, 0 };
	return fd >= 0 && poll(&p, 1, 0) > 0 && (p.revents & POLLIN);
}

/* The streams are non-blocking (main.c): a read shorter than asked for
 * took everything there was, so one poll for both streams and one read
 * per stream with data is the usual cost of a run. */
void sim_drain_inputs(void)
{
	if (sim.inline_streams) {
		drain_inline();
		return;
	}
	uint8_t buf[4096];
	struct pollfd p[2] = { { sim.modem_fd, POLLIN, 0 }, { sim.usb_fd, POLLIN, 0 } };
	if (poll(p, 2, 0) <= 0)
		return;
	while (p[0].revents & (POLLIN | POLLHUP)) {
		ssize_t n = read(sim.modem_fd, buf, sizeof(buf));
		if (n <= 0)
			break;
		if (sim.powered)
			fw_modem_rx(sim.fw, buf, (size_t)n);
		if ((size_t)n < sizeof(buf))
			break;
	}
	/* USB CDC is flow-controlled: hand over only what the firmware can
	 * take, and let it work through each piece. */
	if (!(p[1].revents & (POLLIN | POLLHUP)))
		return;
	while (readable(sim.usb_fd)) {
		size_t room = sim.powered ? fw_usb_room(sim.fw) : sizeof(buf);
		if (room > sizeof(buf))
			room = sizeof(buf);
		if (room == 0) {
			sim_step();
			continue;
		}
		ssize_t n = read(sim.usb_fd, buf, room);
		if (n <= 0)
			break;
		if (sim.powered && sim.usb) { /* no cable, no bytes */
			fw_usb_rx(sim.fw, buf, (size_t)n);
			sim_step();
		}
		if ((size_t)n < room)
			break;
	}
}

void sim_step(void)
{
	if (!sim.powered)
		return;
	fw_poll(sim.fw);
	if (sim.reset_requested)
		sim_restart();
	sim_contacts_update();
}

uint64_t sim_next_event(void)
{
	uint64_t next = UINT64_MAX;
	if (sim.powered) {
		uint64_t d = fw_next_deadline(sim.fw);
		if (d != UINT64_MAX)
			next = d + sim.boot_ms;
	}
	if (!sim.dc && sim.contacts && sim.dc_lost_ms + SIM_RELAY_RELEASE_MS < next)
		next = sim.dc_lost_ms + SIM_RELAY_RELEASE_MS;
	return next;
}

void sim_run(uint64_t ms)
{
	uint64_t target = sim.world_ms + ms;
	/* The harness waits for our reply, so everything it wrote is here now.
	 * Output the firmware produces while taking it in ends the run too. */
	sim.seen = false;
	sim_drain_inputs();
	for (;;) {
		sim_step();
		if (sim.seen || sim.world_ms >= target)
			return;
		uint64_t next = sim_next_event();
		if (next <= sim.world_ms)
			next = sim.world_ms + 1;
		sim.world_ms = next < target ? next : target;
		sim.seen = false;
	}
}

void sim_run_late(uint64_t ms)
{
	uint64_t target = sim.world_ms + ms;
	sim.seen = false;
	while (sim.world_ms < target) {
		uint64_t next = sim_next_event();
		if (next <= sim.world_ms)
			next = sim.world_ms + 1;
		sim.world_ms = next < target ? next : target;
		if (sim.world_ms == target)
			break;
		sim_step();
		if (sim.seen)
			return; /* the input waits for the next run */
	}
	sim_run(0); /* the input, and what is due now */
}
