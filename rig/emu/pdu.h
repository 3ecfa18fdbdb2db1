/*
 * pdu.h - SMS PDUs (3GPP TS 23.040) as AT+CMGF=0 carries them (TS 27.005):
 * SMS-DELIVER, SMS-SUBMIT and SMS-STATUS-REPORT, each optionally preceded
 * by the service-centre address; addresses international, national or
 * alphanumeric; user data in the GSM 7-bit default alphabet (with the
 * extension table), 8-bit data or UCS2 (UTF-16, surrogate pairs kept);
 * the concatenation header (information element 0x00 with an 8-bit
 * reference, 0x08 with a 16-bit one).
 *
 * Text is UTF-8 on this side. No allocation; every length is checked, so
 * any byte string may be decoded.
 */
#ifndef RR_PDU_H
#define RR_PDU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PDU_MAX 176      /* SMSC field (12) + the longest TPDU (164) */
#define PDU_UD_MAX 140   /* user data octets */
#define PDU_TEXT_MAX 700 /* UTF-8 bytes of one PDU's text */
#define PDU_ADDR_MAX 40  /* an address as text (alphanumeric: UTF-8) */

enum pdu_type {
	PDU_DELIVER = 0,
	PDU_SUBMIT = 1,
	PDU_STATUS = 2
};
enum pdu_coding {
	PDU_7BIT = 0,
	PDU_8BIT = 1,
	PDU_UCS2 = 2
};

/* Type-of-address octets. */
#define PDU_TOA_INTL 0x91 /* international, ISDN plan: "+..." */
#define PDU_TOA_UNKNOWN 0x81
#define PDU_TOA_NATIONAL 0xA1
#define PDU_TOA_ALNUM 0xD0 /* alphanumeric (a name in 7-bit text) */

struct pdu_sms {
	enum pdu_type type;
	char smsc[24];               /* "" when absent or the default */
	char addr[PDU_ADDR_MAX + 1]; /* OA / DA / RA: "+" for international */
	uint8_t toa;                 /* its type of address (0: choose) */
	uint8_t mr;                  /* SUBMIT, STATUS: message reference */
	uint8_t pid, dcs;            /* dcs as sent (0: from coding) */
	enum pdu_coding coding;
	bool srr;         /* SUBMIT: status report request; DELIVER:
				     * status report indication; STATUS: SRQ */
	bool rp, rd, mms; /* reply path, reject duplicates, no more */
	uint8_t vpf;      /* 0 none, 1 enhanced, 2 relative, 3 absolute */
	uint8_t vp[7];
	int64_t scts; /* DELIVER, STATUS: local time, s since 1970 */
	int tz;       /* its zone in quarter hours */
	int64_t dt;   /* STATUS: discharge time */
	int dt_tz;
	uint8_t st; /* STATUS: status (0 delivered) */
	/* Concatenation: total 0 when the message stands alone. */
	int ref, total, seq;
	bool ref16;
	bool udh_other;  /* a header with other elements was seen */
	uint8_t ud[160]; /* user data after the header: octets, or
				     * septets one per byte for 7-bit (160) */
	size_t ud_len;
	char text[PDU_TEXT_MAX + 1]; /* the text, UTF-8 (8-bit data: Latin-1) */
};

/* Decode n octets (with_smsc: they start with the SMSC field). 0, or -1
 * with a reason in why (may be NULL) for anything malformed. */
int pdu_decode(const uint8_t *b, size_t n, bool with_smsc, struct pdu_sms *p, const char **why);

/* Encode p (its text, or ud for 8-bit) into out. Returns the octets
 * written, -1 when the text does not fit one PDU or an address is bad.
 * *tpdu_len (may be NULL) gets the length without the SMSC field, the
 * <length> of AT+CMGS and +CMGR. Characters 7-bit cannot carry become '?'. */
int pdu_encode(const struct pdu_sms *p, bool with_smsc, uint8_t *out, size_t cap, size_t *tpdu_len);

/* Hex <-> octets. pdu_unhex: -1 for an odd count or a non-hex digit. */
int pdu_unhex(const char *hex, size_t n, uint8_t *out, size_t cap);
size_t pdu_hex(const uint8_t *b, size_t n, char *out, size_t cap); /* NUL-terminated */

/* PDU_7BIT when every character of utf8 is in the GSM alphabet, else UCS2. */
enum pdu_coding pdu_coding_for(const char *utf8);
/* Split utf8 into PDUs of the coding: starts[i] is the byte offset of part
 * i, starts[count] the end. One part when it fits a single SMS (160
 * septets, 140 octets, 70 UTF-16 units); else parts sized for a
 * concatenation header with an 8-bit reference (153, 134, 67), never
 * cutting an escape pair or a surrogate pair. Returns the count, -1 when
 * more than max parts would be needed. */
int pdu_split(const char *utf8, enum pdu_coding c, size_t *starts, int max);

/* Time as "yy/MM/dd,hh:mm:ss+zz" (zone in quarter hours). */
void pdu_fmt_time(int64_t t, int tz, char *buf, size_t len);

#endif
