/* console_behave.c - the console commands of "relayrig modem" that switch
 * the module's behaviours (emu.h) and set the SMS options; kept apart from
 * console.c's session handling. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/console.h"
#include "emu/emu.h"

const char con_behaviour_help[] =
	"  sms [-7bit|-8bit|-ucs2] [-parts|-whole] [-ref16] <number> <text...>\n"
	"                                  the SMS options: coding, concatenated\n"
	"                                  parts (PDU mode does so when needed),\n"
	"                                  16-bit reference; the sender may be a name\n"
	"  reg home|roaming|searching|denied|none   registration (+CREG/+CGREG)\n"
	"  sim ready|absent|pin [<pin>]    SIM state (PIN default 1234)\n"
	"  nettime on|off                  network time (off: +CCLK from 2004-01-01)\n"
	"  full on|off                     SMS storage full (+CMS ERROR: 322)\n"
	"  prompt <ms>                     the > prompt comes <ms> late\n"
	"  senderr <code> [<count>]        the next sends get +CMS ERROR: <code>\n"
	"                                  (count -1: all, 0: none; default 1)\n"
	"  urc [-inside] <line>            an unsolicited line now, or inside the\n"
	"                                  next response\n"
	"  reboot [<ms>]                   the module restarts (RDY ... SMS Ready)\n"
	"  autobaud on|off                 autobauding: deaf until the unit sends AT\n"
	"  ussd <text>                     the answer to AT+CUSD\n";

static bool on_off(const char *s, bool *v)
{
	if (!strcmp(s, "on"))
		*v = true;
	else if (!strcmp(s, "off"))
		*v = false;
	else
		return false;
	return true;
}

static bool int_arg(const char *s, long lo, long hi, long *v)
{
	char *end;
	if (!*s)
		return false;
	*v = strtol(s, &end, 10);
	return !*end && *v >= lo && *v <= hi;
}

/* Split the first word off *rest. */
static char *word_of(char **rest)
{
	char *w = *rest, *p = w;
	while (*p && !isspace((unsigned char)*p))
		p++;
	if (*p)
		*p++ = '\0';
	while (isspace((unsigned char)*p))
		p++;
	*rest = p;
	return w;
}

int con_sms_options(char **rest, struct emu_sms_in *in)
{
	while (**rest == '-') {
		char *o = word_of(rest);
		if (!strcmp(o, "-7bit"))
			in->coding = EMU_CODING_7BIT;
		else if (!strcmp(o, "-8bit"))
			in->coding = EMU_CODING_8BIT;
		else if (!strcmp(o, "-ucs2"))
			in->coding = EMU_CODING_UCS2;
		else if (!strcmp(o, "-parts"))
			in->split = 1;
		else if (!strcmp(o, "-whole"))
			in->split = -1;
		else if (!strcmp(o, "-ref16"))
			in->ref16 = true;
		else
			return -1;
	}
	return 0;
}

bool con_behaviour(struct emu *e, const char *word, char *rest, uint64_t now)
{
	bool v;
	long n, k;
	if (!strcmp(word, "reg")) {
		static const char *const names[] = { "none", "home", "searching", "denied", "", "roaming" };
		for (int i = 0; i < 6; i++)
			if (names[i][0] && !strcmp(rest, names[i])) {
				emu_set_registration(e, i);
				printf("registration: %s (%d)\n", names[i], i);
				return true;
			}
		printf("error: usage: reg home|roaming|searching|denied|none\n");
	} else if (!strcmp(word, "sim")) {
		char *st = word_of(&rest);
		enum emu_sim s = !strcmp(st, "ready") ? EMU_SIM_READY : !strcmp(st, "absent") ? EMU_SIM_ABSENT
								: !strcmp(st, "pin")          ? EMU_SIM_PIN
											      : (enum emu_sim) - 1;
		if ((int)s < 0 || strlen(rest) > 8 || strspn(rest, "0123456789") != strlen(rest)) {
			printf("error: usage: sim ready|absent|pin [<pin>]\n");
		} else {
			emu_set_sim(e, s, rest);
			printf("SIM %s\n", st);
		}
	} else if (!strcmp(word, "nettime") && on_off(rest, &v)) {
		emu_set_network_time_absent(e, !v);
		printf("network time %s\n", v ? "sent" : "absent");
	} else if (!strcmp(word, "full") && on_off(rest, &v)) {
		emu_set_storage_full(e, v);
		printf("SMS storage %s\n", v ? "full" : "has room");
	} else if (!strcmp(word, "prompt") && int_arg(rest, 0, 600000, &n)) {
		emu_set_prompt_delay(e, (int)n);
		printf("prompt after %ld ms\n", n);
	} else if (!strcmp(word, "senderr")) {
		char *c = word_of(&rest);
		k = 1;
		if (!int_arg(c, 1, 999, &n) || (*rest && !int_arg(rest, -1, 100000, &k))) {
			printf("error: usage: senderr <code> [<count>]\n");
		} else {
			emu_set_send_error(e, (int)n, (int)k);
			printf("the next %ld sends get +CMS ERROR: %ld\n", k, n);
		}
	} else if (!strcmp(word, "urc")) {
		bool inside = !strncmp(rest, "-inside", 7) && (rest[7] == ' ' || !rest[7]);
		if (inside)
			word_of(&rest);
		if (!*rest || strlen(rest) > 120) {
			printf("error: usage: urc [-inside] <line>\n");
		} else {
			emu_send_urc(e, rest, inside, now);
			printf("unsolicited line %s\n", inside ? "armed for the next response" : "sent");
		}
	} else if (!strcmp(word, "reboot") && (!*rest || int_arg(rest, 0, 600000, &n))) {
		emu_reboot(e, *rest ? (int)n : 2000, now);
		printf("module restarting\n");
	} else if (!strcmp(word, "autobaud") && on_off(rest, &v)) {
		emu_set_autobaud(e, v);
		printf("autobauding %s\n", v ? "on: waiting for AT" : "off");
	} else if (!strcmp(word, "ussd") && *rest) {
		emu_set_ussd(e, rest);
		printf("USSD answer set\n");
	} else if (!strcmp(word, "reg") || !strcmp(word, "nettime") || !strcmp(word, "full") ||
		   !strcmp(word, "prompt") || !strcmp(word, "reboot") || !strcmp(word, "autobaud") ||
		   !strcmp(word, "ussd")) {
		printf("error: bad arguments for %s (try help)\n", word);
	} else {
		return false;
	}
	return true;
}
