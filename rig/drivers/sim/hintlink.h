/*
 * hintlink.h - a simulator stream read only when there can be bytes.
 *
 * In virtual time the simulator writes its modem and USB streams only while
 * it executes a control command, and a simulator that announces
 * "output-events" in its hello reports each stream it wrote with
 * "ev output modem|usb" before the reply. A read that must not wait
 * (timeout 0) then costs no system call while *pending is false; the first
 * such read that returns fewer bytes than asked for (the simulator writes
 * nothing while it waits for a command: that was all) clears it again. Reads that wait,
 * and writes, go to the inner link unchanged.
 */
#ifndef RR_SIM_HINTLINK_H
#define RR_SIM_HINTLINK_H

#include <stdbool.h>

#include "link/link.h"

/* Wrap inner (the new link owns it); *pending starts true. NULL when inner
 * is NULL or on ENOMEM (inner then stays the caller's). */
struct link *hintlink_new(struct link *inner, bool *pending);

#endif
