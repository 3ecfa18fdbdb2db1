/*
 * relays.c - the relays: logical coil state, timed returns (pulse, restart,
 * alarm relay time) and the states remembered for POWERSTATE=REMEMBER.
 */
#include "fw_internal.h"

#define RELAY_NV_OFF (HAL_NV_SIZE - 2u) /* remembered relay states + check */

/* --- relays ---------------------------------------------------------------- */

/* The state each relay ends in: a relay in a timed action (pulse, restart,
 * alarm relay time) counts with the state it takes when the time is up,
 * never with its temporary one. */
uint8_t relays_final(const struct fw *fw)
{
	uint8_t v = fw->relays;
	for (int r = 0; r < HAL_RELAYS; r++)
		if (fw->relay_at[r])
			v = (uint8_t)((v & ~(1u << r)) | (fw->relay_to & (1u << r)));
	return v;
}

/* Keep the final states in the store for POWERSTATE=REMEMBER at power-up;
 * written only when they differ from what is stored. */
void relays_remember(struct fw *fw)
{
	uint8_t v = relays_final(fw);
	uint8_t rec[2] = { v, (uint8_t)~v }, old[2];
	if (hal_nv_read(RELAY_NV_OFF, old, sizeof(old)) && old[0] == rec[0] && old[1] == rec[1])
		return;
	hal_nv_write(RELAY_NV_OFF, rec, sizeof(rec));
}

uint8_t relays_remembered(void)
{
	uint8_t rec[2];
	if (hal_nv_read(RELAY_NV_OFF, rec, sizeof(rec)) && (uint8_t)(rec[0] ^ rec[1]) == 0xffu)
		return rec[0] & 0x7f;
	return 0;
}

/* Drive relay r's coil; false when it was so already. No check of 12 V
 * here: the backup rules decide whether a relay may be switched, and a coil
 * driven without 12 V closes when it returns. */
static bool drive(struct fw *fw, int r, bool on)
{
	uint8_t bit = (uint8_t)(1u << r);
	if (((fw->relays & bit) != 0) == on)
		return false;
	fw->relays ^= bit;
	hal_relay_write((uint8_t)r, on);
	return true;
}

void fw_relay_set(struct fw *fw, int r, bool on)
{
	fw->relay_at[r] = 0;
	if (drive(fw, r, on))
		relays_remember(fw);
}

void fw_relay_timed(struct fw *fw, int r, bool now, bool then, uint32_t ms)
{
	uint8_t bit = (uint8_t)(1u << r);
	drive(fw, r, now);
	fw->relay_at[r] = hal_now_ms() + ms;
	fw->relay_to = then ? (uint8_t)(fw->relay_to | bit) : (uint8_t)(fw->relay_to & ~bit);
	relays_remember(fw);
}

/* PULSE: the inverse of the state the relay returns to, for ms. That state
 * is the one before the pulse or, while a timed action (pulse, restart,
 * alarm relay time) runs, the one that action ends in: a second PULSE
 * restarts the time and never leaves the relay inverted. */
void fw_relay_pulse(struct fw *fw, int r, uint32_t ms)
{
	bool to = (relays_final(fw) >> r) & 1u;
	fw_relay_timed(fw, r, !to, to, ms);
}

void relay_timers(struct fw *fw, uint64_t now)
{
	for (int r = 0; r < HAL_RELAYS; r++)
		if (fw->relay_at[r] && fw->relay_at[r] <= now)
			fw_relay_set(fw, r, (fw->relay_to >> r) & 1u);
}
