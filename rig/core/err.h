/* err.h - the harness's error codes: 0 or a negative rr_err, one strerror. */
#ifndef RR_ERR_H
#define RR_ERR_H

enum rr_err {
	RR_OK = 0,
	RR_ERR_ARG = -2,     /* bad argument or malformed input */
	RR_ERR_IO = -3,      /* read/write failed */
	RR_ERR_TIMEOUT = -4, /* nothing happened in time */
	RR_ERR_NODEV = -5,   /* device or port not found / unplugged */
	RR_ERR_PERM = -6,    /* no permission to open the device */
	RR_ERR_CRASH = -7,   /* the unit's firmware process died or hung */
	RR_ERR_NOTSUP = -8,  /* the driver cannot do this */
	RR_ERR_CLOSED = -9,  /* the link was closed by the peer */
	RR_ERR_NOMEM = -10,
	RR_ERR_INTR = -11,     /* stopped by SIGINT / SIGTERM */
	RR_ERR_DEADLINE = -12, /* the test's wall-clock limit passed */
	RR_ERR_BUSY = -13,     /* the emulator already has a call in progress */
	RR_ERR_FULL = -14,     /* the emulator's SMS storage is full */
	RR_ERR_NONET = -15,    /* the emulator has no SIM ready or is not registered */
};

const char *rr_strerror(int err);

#endif
