/*
 * rigfile.h - the rig description file: which driver runs the rig and, for
 * the real rig, which FTDI device and line does what, which serial ports
 * play the unit's GSM module and carry the unit's USB, and the timing.
 *
 * INI style: "[section]" headers, "key = value" lines, comments starting
 * with '#' or ';' (at the start of a line, or after whitespace). The format
 * is documented in rig/drivers/ftdi/README.md; fixtures/rigs/ holds a
 * reference rig for an FT4232H board and sim.rig for the simulated rig.
 *
 * Every problem is reported as "FILE:LINE: message" (or "FILE: message"
 * when something is missing altogether); loading stops at the first one.
 */
#ifndef RR_RIGFILE_H
#define RR_RIGFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "rig.h"

#define RIGFILE_CHANNELS 4 /* A..D, the most any supported chip has */
#define RIGFILE_BITS 8     /* bit-bang lines per channel */

enum rigfile_chip {
	RIGFILE_CHIP_NONE = 0,
	RIGFILE_FT232H,  /* channel A */
	RIGFILE_FT2232H, /* channels A, B */
	RIGFILE_FT4232H, /* channels A..D */
};

/* One bit-bang line: "B.3 active-low", or "none" (not wired). */
struct rigfile_line {
	int lineno;  /* file line that set it; 0 = not given */
	bool wired;  /* false for "none" */
	int channel; /* 0 = A .. 3 = D */
	int bit;     /* 0..7 */
	bool active_low;
};

/* A serial port, by name or by USB identity. */
struct rigfile_port {
	int lineno;        /* line of the section header; 0 = no section */
	char name[256];    /* port = /dev/..., "" if found by USB identity */
	int vid, pid;      /* -1 if not given */
	char serial[128];  /* "" = any */
	int interface;     /* USB interface number, -1 = any */
	int channel;       /* [modem] channel = A: that FTDI channel; else -1 */
	char settings[32]; /* "115200,8N1" */
	int enumerate_ms;  /* [usb]: how long the port may take to appear */
};

/* [sim]: the simulated unit (rig/drivers/sim). */
struct rigfile_sim {
	char simulator[4096]; /* simulator = PATH; "" = isocket-sim next to relayrig */
	int hang_ms;          /* hang_timeout_ms: a control reply later than this is a hang */
	bool ac_sensor;       /* ac_sensor = yes|no: the model has the AC voltage sensor */
	char serial[64];      /* serial = S: the unit's serial number, "" = the simulator's */
	char nv[1024];        /* nv = FILE: the settings store, "" = in memory */
};

struct rigfile {
	char path[256];
	/* [rig] */
	char driver[16]; /* "ftdi" or "sim" */
	char name[64];   /* free text for reports, "" if not given */
	/* [sim] */
	struct rigfile_sim sim;
	/* [ftdi] */
	enum rigfile_chip chip;
	char device[256]; /* ftdi_usb_open_string form, or "" */
	int vid, pid;     /* from vid/pid or from an i:/s: device */
	char serial[128]; /* from serial or from an s: device */
	char description[128];
	int index; /* n-th matching device, from 0 */
	int latency_ms;
	/* [outputs], [relays]: indexed by enum rig_output / relay 0..6 */
	struct rigfile_line out[RIG_OUT_COUNT];
	struct rigfile_line relay[RIG_RELAYS];
	/* [modem], [usb] */
	struct rigfile_port modem, usb;
	/* [timing] */
	int settle_ms;      /* after switching an output */
	int debounce_ms;    /* a relay level must hold this long */
	int poll_ms;        /* pin polling period */
	int restart_off_ms; /* power-off time of restart() */
};

/* Read and validate a rig file. Returns 0, RR_ERR_IO (cannot read) or
 * RR_ERR_ARG (invalid) with "FILE:LINE: message" in err. */
int rigfile_load(const char *path, struct rigfile *out, char *err, size_t errlen);
/* The same for text in memory; name stands for the file in messages. */
int rigfile_parse(const char *text, const char *name, struct rigfile *out,
		  char *err, size_t errlen);

/* The built-in simulated rig (`--rig sim`): what fixtures/rigs/sim.rig says. */
void rigfile_sim_default(struct rigfile *out);

/* The per-unit options a new unit starts with on this rig (rig.h). */
void rigfile_unit_defaults(const struct rigfile *rf, struct unit_opts *u);

/* "FT4232H" etc.; channel count of a chip (0 for NONE). */
const char *rigfile_chip_name(enum rigfile_chip c);
int rigfile_chip_channels(enum rigfile_chip c);
/* Key of an output in [outputs] ("dc", "in3"), NULL if out of range. */
const char *rigfile_output_key(enum rig_output o);
/* "B.3", or "none"; buf holds at least 8 bytes. */
const char *rigfile_line_str(const struct rigfile_line *l, char *buf, size_t len);

#endif
