/*
 * pic_cmd.h - `relayrig pic`: the unit's Product Information Card.
 */
#ifndef RR_PIC_CMD_H
#define RR_PIC_CMD_H

/* argv[0] is "pic". Returns the exit status: 0, or 2 when the unit cannot
 * be read or the card cannot be written. */
int cmd_pic(int argc, char **argv);

#endif
