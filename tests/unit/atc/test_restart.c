/* test_restart.c - a module that restarted without RDY (autobauding) is
 * known by its echo coming back after ATE0 took effect; the set-up runs
 * again. A module that always echoes is tolerated (test_init.c). */
#include "harness.h"

static struct atc m;

TEST(echo_back_after_ate0_restarts_the_setup)
{
	h_up(&m); /* ATE0 answered, then commands without echo */
	h_wait(&m, 60000);
	EXPECT("AT+CSQ\r");
	h_feed(&m, "AT+CSQ\r\r\n+CSQ: 20,0\r\n\r\nOK\r\n");
	assert_true(!atc_ready(&m));
	EXPECT("AT\r");
	h_ready_probed(&m);
	assert_true(atc_ready(&m));
}

TEST(no_echo_no_restart)
{
	h_up(&m);
	h_wait(&m, 60000);
	EXPECT("AT+CSQ\r");
	h_feed(&m, "\r\n+CSQ: 21,0\r\n\r\nOK\r\n");
	assert_true(atc_ready(&m));
	EXPECT_NONE();
	assert_int_equal(atc_rssi(&m), 21);
}
