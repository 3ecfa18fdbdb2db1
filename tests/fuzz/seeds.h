/* seeds.h - writing a fuzz target's seed inputs (the FUZZ_SEEDS build of
 * each target: "fuzz-NAME-seeds DIR"). Exits 1 when a seed cannot be
 * written, so run.sh stops instead of fuzzing without them. */
#ifndef FUZZ_SEEDS_H
#define FUZZ_SEEDS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* DIR/NAME holding the n bytes at data. */
static inline void fuzz_seed(const char *dir, const char *name, const void *data, size_t n)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, n, f) != n || fclose(f))
		exit(1);
}

/* DIR/NAME holding a NUL-terminated text (without the NUL). */
static inline void fuzz_seed_text(const char *dir, const char *name, const char *text)
{
	fuzz_seed(dir, name, text, strlen(text));
}

#endif
