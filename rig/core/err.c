/* err.c - the one strerror of the harness. */
#include "err.h"

const char *rr_strerror(int err)
{
	switch (err) {
	case RR_OK: return "success";
	case RR_ERR_ARG: return "invalid argument";
	case RR_ERR_IO: return "input/output error";
	case RR_ERR_TIMEOUT: return "timed out";
	case RR_ERR_NODEV: return "no such device";
	case RR_ERR_PERM: return "permission denied";
	case RR_ERR_CRASH: return "firmware crashed or hung";
	case RR_ERR_NOTSUP: return "not supported by this rig";
	case RR_ERR_CLOSED: return "link closed by peer";
	case RR_ERR_NOMEM: return "out of memory";
	case RR_ERR_INTR: return "interrupted";
	case RR_ERR_DEADLINE: return "time limit exceeded";
	case RR_ERR_BUSY: return "a call is already in progress";
	case RR_ERR_FULL: return "SMS storage full";
	case RR_ERR_NONET: return "no SIM ready or not registered";
	}
	return "unknown error";
}
