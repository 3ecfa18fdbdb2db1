/*
 * settings.c - the one parser of serial settings, "<baud>,<bits><parity>
 * <stop>[,<flow>]" such as "115200,8N1" or "9600,7E2,rtscts" (link.h): the
 * modem console's --settings, the rig file's [modem] and [usb] settings,
 * and link_sp_open. No libserialport here, so the rig-file parser and its
 * tests can use it without the library.
 */
#include "link/link.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

#define LINK_SP_BAUD_MAX 4000000

void link_set_msg(char *msg, size_t len, const char *fmt, ...)
{
	if (!msg || !len)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, len, fmt, ap);
	va_end(ap);
}

int link_sp_parse_settings(const char *s, struct link_sp_settings *out, char *msg, size_t msglen)
{
	struct link_sp_settings st = { 115200, 8, 'N', 1, LINK_FLOW_NONE };
	if (!s) {
		if (out)
			*out = st;
		return RR_OK;
	}
	const char *p = s;
	long baud = 0;
	if (!isdigit((unsigned char)*p)) {
		link_set_msg(msg, msglen, "bad serial settings \"%s\": expected <baud>,<bits><parity><stop>[,<flow>] such as 115200,8N1", s);
		return RR_ERR_ARG;
	}
	while (isdigit((unsigned char)*p)) {
		baud = baud * 10 + (*p - '0');
		if (baud > LINK_SP_BAUD_MAX)
			break;
		p++;
	}
	if (baud < 50 || baud > LINK_SP_BAUD_MAX) {
		link_set_msg(msg, msglen, "bad serial settings \"%s\": baud rate must be 50..%d", s, LINK_SP_BAUD_MAX);
		return RR_ERR_ARG;
	}
	st.baud = (int)baud;
	if (*p != ',') {
		link_set_msg(msg, msglen, "bad serial settings \"%s\": expected ',' and a frame format such as 8N1 after the baud rate", s);
		return RR_ERR_ARG;
	}
	p++;
	if (p[0] < '5' || p[0] > '8') {
		link_set_msg(msg, msglen, "bad serial settings \"%s\": data bits must be 5..8", s);
		return RR_ERR_ARG;
	}
	st.bits = p[0] - '0';
	char par = (char)toupper((unsigned char)p[1]);
	if (!par || !strchr("NEOMS", par)) {
		link_set_msg(msg, msglen, "bad serial settings \"%s\": parity must be N, E, O, M or S", s);
		return RR_ERR_ARG;
	}
	st.parity = par;
	if (p[2] != '1' && p[2] != '2') {
		link_set_msg(msg, msglen, "bad serial settings \"%s\": stop bits must be 1 or 2", s);
		return RR_ERR_ARG;
	}
	st.stop = p[2] - '0';
	p += 3;
	if (*p == ',') {
		p++;
		if (!strcmp(p, "none"))
			st.flow = LINK_FLOW_NONE;
		else if (!strcmp(p, "rtscts"))
			st.flow = LINK_FLOW_RTSCTS;
		else if (!strcmp(p, "dtrdsr"))
			st.flow = LINK_FLOW_DTRDSR;
		else if (!strcmp(p, "xonxoff"))
			st.flow = LINK_FLOW_XONXOFF;
		else {
			link_set_msg(msg, msglen, "bad serial settings \"%s\": flow control must be none, rtscts, dtrdsr or xonxoff", s);
			return RR_ERR_ARG;
		}
	} else if (*p) {
		link_set_msg(msg, msglen, "bad serial settings \"%s\": unexpected \"%s\" after the frame format", s, p);
		return RR_ERR_ARG;
	}
	if (out)
		*out = st;
	return RR_OK;
}
