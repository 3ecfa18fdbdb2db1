/* fuzz_pdu.c - libFuzzer target for the modem emulator's PDU codec
 * (rig/emu/pdu.c). Input: one flag byte (bit 0: the PDU starts with the
 * SMSC field), then the PDU octets. Whatever decodes must encode again and
 * decode to the same message text, address and concatenation; the hex
 * helpers must round-trip; pdu_split must cover the text exactly.
 * Built with -DFUZZ_SEEDS it writes seed inputs (published PDUs) instead. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/pdu.h"

#ifndef FUZZ_SEEDS
static struct pdu_sms a, b;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 1 + PDU_MAX)
		return 0;
	bool smsc = data[0] & 1;
	char hex[2 * PDU_MAX + 1];
	uint8_t back[PDU_MAX], enc[PDU_MAX];
	size_t h = pdu_hex(data + 1, size - 1, hex, sizeof(hex));
	if (pdu_unhex(hex, h, back, sizeof(back)) != (int)(size - 1) || memcmp(back, data + 1, size - 1))
		abort();
	if (pdu_decode(data + 1, size - 1, smsc, &a, NULL) != 0)
		return 0;
	size_t tl;
	int n = pdu_encode(&a, smsc, enc, sizeof(enc), &tl);
	if (n < 0)
		return 0; /* e.g. an alphanumeric address too long to write back */
	if (tl > (size_t)n || pdu_decode(enc, (size_t)n, smsc, &b, NULL) != 0)
		abort();
	if (strcmp(a.text, b.text) || strcmp(a.addr, b.addr) || a.type != b.type || a.coding != b.coding ||
	    a.total != b.total || a.seq != b.seq || a.ref != b.ref)
		abort();
	if (a.type != PDU_STATUS) {
		size_t st[PDU_TEXT_MAX + 2];
		int k = pdu_split(a.text, a.coding, st, PDU_TEXT_MAX);
		if (k < 1 || st[0] != 0 || st[k] != strlen(a.text))
			abort();
		for (int i = 0; i < k && a.text[0]; i++)
			if (st[i] >= st[i + 1])
				abort();
	}
	return 0;
}
#else
static void seed(const char *dir, const char *name, int smsc, const char *hex)
{
	uint8_t b[1 + PDU_MAX];
	char path[512];
	b[0] = (uint8_t)smsc;
	int n = pdu_unhex(hex, strlen(hex), b + 1, PDU_MAX);
	if (n < 0)
		exit(1);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(b, 1, (size_t)n + 1, f) != (size_t)n + 1 || fclose(f))
		exit(1);
}

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	seed(argv[1], "deliver", 1, "07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37");
	seed(argv[1], "submit", 1, "0011000B916407281553F80000AA0AE8329BFD4697D9EC37");
	seed(argv[1], "submit-nosmsc", 0, "11000B916407281553F80000AA0AE8329BFD4697D9EC37");
	/* concatenated UCS2 part, alphanumeric sender, status report */
	seed(argv[1], "concat-ucs2", 1, "0007917360899999F2440ED0D432BB2C0E0008424011000000000E050003010201004100420043");
	seed(argv[1], "alnum", 1, "07917360899999F20409D0D4323B1D06000040101000000000034FE70C");
	seed(argv[1], "status", 1, "0006070C917360000000F1424011000000004240110000000000");
	return 0;
}
#endif
