/*
 * fake_link.h - link_sp_open / link_sp_open_msg replaced at link time for
 * the driver's tests: each opened "port" is a pipe the test can feed (so
 * that pollfd() turns readable), and writes are kept for inspection.
 */
#ifndef FAKE_LINK_H
#define FAKE_LINK_H

void fake_link_reset(void);
/* Opening port fails with rc and msg (rc 0: opens work). */
void fake_link_open_error(const char *port, int rc, const char *msg);
/* Bytes the peer will have sent by the time port is next opened. */
void fake_link_preload(const char *port, const char *bytes);
/* The peer on port sends bytes; 0, or -1 if the port is not open. */
int fake_link_feed(const char *port, const char *bytes);
/* "open PORT SETTINGS" / "close PORT" lines since the reset. */
const char *fake_link_log(void);
/* Links open now. */
int fake_link_live(void);

#endif
