/* test_files.c - test file discovery: recursive, *.lua only, sorted. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "files.h"
#include "unit.h"
#include "usbcfg.h"

static void touch(const char *p)
{
	FILE *f = fopen(p, "w");
	if (f)
		fclose(f);
}

TEST(files_recursive_sorted)
{
	char dir[] = "/tmp/rr-files-XXXXXX", p[256], err[256];
	struct filelist l = { NULL, 0, 0 };

	REQUIRE(mkdtemp(dir));
	snprintf(p, sizeof(p), "%s/b", dir);
	mkdir(p, 0755);
	const char *names[] = { "z.lua", "a.lua", "b/m.lua", "b/notes.txt", ".hidden.lua", "b/a.lua" };
	for (int i = 0; i < 6; i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
		touch(p);
	}
	REQUIRE(files_add(&l, dir, err, sizeof(err)) == RR_OK);
	REQUIRE(l.n == 4);
	const char *want[] = { "a.lua", "b/a.lua", "b/m.lua", "z.lua" };
	for (int i = 0; i < 4; i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, want[i]);
		CHECK_STR(l.v[i], p);
	}
	snprintf(p, sizeof(p), "%s/b/notes.txt", dir); /* a file named directly: taken */
	CHECK_INT(files_add(&l, p, err, sizeof(err)), RR_OK);
	CHECK_INT(l.n, 5);
	snprintf(p, sizeof(p), "%s/missing", dir);
	CHECK_INT(files_add(&l, p, err, sizeof(err)), RR_ERR_NODEV);
	CHECK(strstr(err, "No such file") != NULL);
	files_free(&l);
	snprintf(p, sizeof(p), "rm -rf '%s'", dir);
	CHECK_INT(system(p), 0);
}

TEST(usbcfg_split_lines)
{
	char l1[] = "BACKUPLIMIT=DC", l2[] = "NOEQUALS", l3[] = "K=a=b";
	char *k, *v;
	REQUIRE(usbcfg_split(l1, &k, &v));
	CHECK_STR(k, "BACKUPLIMIT");
	CHECK_STR(v, "DC");
	CHECK(!usbcfg_split(l2, &k, &v));
	REQUIRE(usbcfg_split(l3, &k, &v));
	CHECK_STR(v, "a=b");
}
