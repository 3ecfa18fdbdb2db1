/* fuzz_simcmd.c - libFuzzer target for the simulator's side of its control
 * channel: the command parser of bin/isocket-sim (firmware/host/main.c,
 * command() and what it calls: set, run, next, get, restart, nv, streams).
 * main.c is compiled into this file with its main() renamed, so that its
 * static functions are reached as they are, without changing the host port.
 * Input: command lines, one a line, run one after another on a simulator
 * started fresh (factory store in memory, 12 V, a sensor on T1). Left
 * out, as they end the process: "debug ..." and "quit"; "run" is held to
 * at most 600000 ms a line so that one input stays fast.
 * Checked on every line:
 *  - the output is "ev ..." lines and then exactly one "ok[ ...]" or
 *    "err <message>" line (none for a blank line), nothing else;
 *  - "run MS": ok only for a number, time moves forward by at most MS and
 *    the reply carries the new time; an error changes no time;
 *  - "get": the reply shows the relay contacts and supplies as they are;
 *  - "set": a refused value changes nothing, the battery level stays in
 *    0..100 and temperatures in -55..125 degC.
 * Built with -DFUZZ_SEEDS it writes seed command scripts instead. */
#ifndef FUZZ_SEEDS
#define main isocket_sim_main
#include "../../firmware/host/main.c"
#undef main

#include <stdint.h>

/* host/invert.c is left out: the backup rules run as they are. */
int sim_invert_set(const char *spec)
{
	(void)spec;
	return -1;
}

#define RUN_CAP 600000ull

static void check(bool ok, const char *what, const char *line)
{
	if (!ok) {
		fprintf(stderr, "fuzz_simcmd: property failed: %s (line '%s')\n", what, line);
		abort();
	}
}

static char *out;
static size_t outlen;
static FILE *mem;

static void start(bool inline_streams)
{
	if (mem)
		fclose(mem);
	free(out);
	out = NULL;
	mem = open_memstream(&out, &outlen);
	if (!mem)
		abort();
	stdout = mem; /* command() prints its replies there */
	memset(&sim, 0, sizeof(sim));
	sim.modem_fd = sim.usb_fd = -1;
	sim.dc = sim.ac = sim.bat = true;
	sim.ac_sensor = true;
	sim.bat_level = 100;
	sim.temp_status[0] = HAL_TEMP_OK;
	sim.temp[0] = 215;
	sim.events = mem;
	sim.inline_streams = inline_streams;
	sim_nv_load();
	sim_power_update();
}

/* The tokens command() will see, for the checks and the filter. */
static int tokens(const char *line, char tok[4][4096])
{
	int n = 0;
	const char *p = line;
	while (n < 4) {
		p += strspn(p, " \t\r\n");
		if (!*p)
			break;
		size_t l = strcspn(p, " \t\r\n");
		snprintf(tok[n++], 4096, "%.*s", (int)l, p);
		p += l;
	}
	return n;
}

/* A number as parse_count reads it: digits only; saturated. */
static bool number(const char *s, unsigned long long *v)
{
	if (!*s)
		return false;
	*v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		unsigned d = (unsigned)(*s - '0');
		*v = *v > (~0ull - d) / 10 ? ~0ull : *v * 10 + d;
	}
	return true;
}

static void one(const char *text)
{
	static char line[4096], copy[4096];
	static char tok[4][4096];
	snprintf(line, sizeof(line), "%s\n", text);
	int nt = tokens(line, tok);
	unsigned long long ms = 0;
	if (nt && (!strcmp(tok[0], "debug") || !strcmp(tok[0], "quit")))
		return;
	if (nt > 1 && !strcmp(tok[0], "run") && number(tok[1], &ms) && ms > RUN_CAP)
		return; /* a long run: valid, but too slow for fuzzing */
	struct sim before = sim;
	long at = ftell(mem);
	memcpy(copy, line, sizeof(copy));
	command(copy);
	fflush(mem);
	check(at >= 0 && (size_t)at <= outlen, "output position", text);
	const char *o = out + at, *end = out + outlen;
	if (!nt) {
		check(o == end, "output for a blank line", text);
		return;
	}
	/* ev lines, then one reply line */
	const char *last = NULL;
	while (o < end) {
		const char *nl = memchr(o, '\n', (size_t)(end - o));
		check(nl != NULL, "output not ending with a newline", text);
		check(!last, "output after the reply", text);
		if (strncmp(o, "ev ", 3))
			last = o;
		o = nl + 1;
	}
	check(last != NULL, "no reply", text);
	bool ok = !strncmp(last, "ok\n", 3) || !strncmp(last, "ok ", 3);
	check(ok || (!strncmp(last, "err ", 4) && last[4] != '\n'), "reply is neither ok nor err MESSAGE", text);
	check(sim.bat_level >= 0 && sim.bat_level <= 100, "battery level out of range", text);
	for (int i = 0; i < HAL_SENSORS; i++)
		check(sim.temp_status[i] != HAL_TEMP_OK || (sim.temp[i] >= -550 && sim.temp[i] <= 1250),
		      "temperature out of range", text);
	if (!ok) {
		check(sim.world_ms == before.world_ms, "time moved on an error", text);
		if (!strcmp(tok[0], "set"))
			check(sim.bat_level == before.bat_level && sim.dc == before.dc && sim.ac == before.ac &&
				      sim.bat == before.bat && sim.usb == before.usb &&
				      !memcmp(sim.in, before.in, sizeof(sim.in)) &&
				      !memcmp(sim.temp, before.temp, sizeof(sim.temp)) &&
				      !memcmp(sim.temp_status, before.temp_status, sizeof(sim.temp_status)),
			      "a refused set changed the unit", text);
		return;
	}
	if (!strcmp(tok[0], "run")) {
		check(nt >= 2 && number(tok[1], &ms), "run accepted without a number", text);
		check(sim.world_ms >= before.world_ms && sim.world_ms - before.world_ms <= ms,
		      "run moved time by more than asked", text);
		char want[32];
		snprintf(want, sizeof(want), "ok %llu", (unsigned long long)sim.world_ms);
		check(!strncmp(last, want, strlen(want)) &&
			      (last[strlen(want)] == '\n' || last[strlen(want)] == ' '),
		      "run reply time", text);
	} else if (!strcmp(tok[0], "get")) {
		char rl[HAL_RELAYS + 1], want[200];
		for (int r = 0; r < HAL_RELAYS; r++)
			rl[r] = (sim.contacts >> r) & 1u ? '1' : '0';
		rl[HAL_RELAYS] = '\0';
		snprintf(want, sizeof(want), "ok t=%llu relays=%s dc=%d ac=%d bat=%d usb=%d powered=%d\n",
			 (unsigned long long)sim.world_ms, rl, sim.dc, sim.ac, sim.bat, sim.usb, sim.powered);
		check(!strncmp(last, want, strlen(want)), "get reply", text);
	} else if (!strcmp(tok[0], "set")) {
		check(nt == 3, "set accepted without a name and a value", text);
	} else if (!strcmp(tok[0], "next")) {
		check(nt == 1, "next accepted with an argument", text);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char text[8192];
	if (size < 1 || size >= sizeof(text))
		return 0;
	start(data[0] & 1);
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	int n = 0;
	for (char *p = text, *nl; *p && n < 64; p = nl + 1, n++) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		one(p);
		if (!nl)
			break;
	}
	return 0;
}
#else
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seeds.h"
#define seed fuzz_seed_text

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	/* first byte: bit 0 = inline streams */
	seed(argv[1], "supplies", "\x02hello\nset dc 0\nrun 100\nset bat 0\nrun 50 next\nget\nset dc 1\nrun 2000\nget\n");
	seed(argv[1], "sensors", "\x02set temp1 -12.5\nset temp2 fail\nset temp3 none\nset batlevel 40\nset in3 1\nnext\nrun 1000\nget\n");
	seed(argv[1], "inline", "\x01streams inline\nrun 10 m41540d0a u52454144\nrun 500\nrestart\nnv corrupt\nrestart\nget\n");
	seed(argv[1], "errors", "\x02set\nset temp1 200\nset batlevel 101\nrun\nrun x\nrun 1 2\nnext 1\nfrob\nnv poke PIN 1 2\n");
	return 0;
}
#endif
