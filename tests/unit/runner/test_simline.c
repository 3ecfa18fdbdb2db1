/* test_simline.c - the runner's reading of isocket-sim's control lines
 * (rig/drivers/sim/ctlline.c), apart from the process. */
#include <string.h>

#include "drivers/sim/protocol.h"
#include "test.h"

static void fresh(struct simproc *p)
{
	memset(p, 0, sizeof(*p));
	sb_init(&p->modem_rx);
	sb_init(&p->usb_rx);
	p->powered = true;
}

TEST(simline_replies_and_events)
{
	struct simproc p;
	char reply[64];

	fresh(&p);
	assert_int_equal(simp_line(&p, "ev relay 3 1 120", true, reply, sizeof(reply)), SIMP_LINE_MORE);
	assert_true(p.relay[2].on);
	assert_int_equal(p.nev, 1);
	assert_int_equal(simp_line(&p, "ev power off 130", true, reply, sizeof(reply)), SIMP_LINE_MORE);
	assert_true(!p.powered);
	assert_int_equal(simp_line(&p, "ev m 41420d", true, reply, sizeof(reply)), SIMP_LINE_MORE);
	assert_int_equal(p.modem_rx.len, 3);
	assert_string_equal(p.modem_rx.s, "AB\r");
	assert_int_equal(simp_line(&p, "ok 200 none", true, reply, sizeof(reply)), SIMP_LINE_OK);
	assert_string_equal(reply, "200 none");
	assert_int_equal(simp_line(&p, "err usage: run <ms>", true, reply, sizeof(reply)), SIMP_LINE_ERR);
	assert_string_equal(reply, "usage: run <ms>");
	p.pending = 1;
	assert_int_equal(simp_line(&p, "ok", true, reply, sizeof(reply)), SIMP_LINE_MORE);
	assert_int_equal(p.pending, 0);
	assert_int_equal(simp_line(&p, "okay", true, reply, sizeof(reply)), SIMP_LINE_MORE);
	sb_free(&p.modem_rx);
	sb_free(&p.usb_rx);
}

/* Found by fuzz-simctl: sscanf's blank in "power %7s" matches no blank
 * at all, so an event "powerfail 5" or "power\x8boff 5" was read as a
 * power change, and "relay5 1 2" as a relay event. */
TEST(simline_event_words_are_whole)
{
	struct simproc p;

	fresh(&p);
	simp_line(&p, "ev powerfail 5", false, NULL, 0);
	simp_line(&p, "ev power\x8boff 2000", false, NULL, 0);
	assert_true(p.powered);
	simp_line(&p, "ev relay5 1 2", false, NULL, 0);
	assert_int_equal(p.nev, 0);
	assert_true(!p.relay[4].on);
	simp_line(&p, "ev power off 5", false, NULL, 0);
	assert_true(!p.powered);
	simp_line(&p, "ev relay 5 1 2", false, NULL, 0);
	assert_int_equal(p.nev, 1);
	assert_true(p.relay[4].on);
}

TEST(simline_take_line)
{
	struct simproc p;
	char line[8];

	fresh(&p);
	memcpy(p.rbuf, "ok 1\nev boot 0123456789\npart", 28);
	p.rlen = 28;
	assert_true(simp_take_line(&p, line, sizeof(line)));
	assert_string_equal(line, "ok 1");
	assert_true(simp_take_line(&p, line, sizeof(line)));
	assert_string_equal(line, "ev boot"); /* cut to the buffer */
	assert_true(!simp_take_line(&p, line, sizeof(line)));
	assert_int_equal(p.rlen, 4);
	assert_true(!memcmp(p.rbuf, "part", 4));
}
