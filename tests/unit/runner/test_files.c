/* test_files.c - test file discovery: recursive, *.lua only, sorted. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "files.h"
#include "test.h"
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

	assert_true(mkdtemp(dir));
	snprintf(p, sizeof(p), "%s/b", dir);
	mkdir(p, 0755);
	const char *names[] = { "z.lua", "a.lua", "b/m.lua", "b/notes.txt", ".hidden.lua", "b/a.lua" };
	for (int i = 0; i < 6; i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
		touch(p);
	}
	assert_true(files_add(&l, dir, err, sizeof(err)) == RR_OK);
	assert_true(l.n == 4);
	const char *want[] = { "a.lua", "b/a.lua", "b/m.lua", "z.lua" };
	for (int i = 0; i < 4; i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, want[i]);
		assert_string_equal(l.v[i], p);
	}
	snprintf(p, sizeof(p), "%s/b/notes.txt", dir); /* a file named directly: taken */
	assert_int_equal(files_add(&l, p, err, sizeof(err)), RR_OK);
	assert_int_equal(l.n, 5);
	snprintf(p, sizeof(p), "%s/missing", dir);
	assert_int_equal(files_add(&l, p, err, sizeof(err)), RR_ERR_NODEV);
	assert_true(strstr(err, "No such file") != NULL);
	files_free(&l);
	snprintf(p, sizeof(p), "rm -rf '%s'", dir);
	assert_int_equal(system(p), 0);
}

TEST(usbcfg_split_lines)
{
	char l1[] = "BACKUPLIMIT=DC", l2[] = "NOEQUALS", l3[] = "K=a=b";
	char *k, *v;
	assert_true(usbcfg_split(l1, &k, &v));
	assert_string_equal(k, "BACKUPLIMIT");
	assert_string_equal(v, "DC");
	assert_true(!usbcfg_split(l2, &k, &v));
	assert_true(usbcfg_split(l3, &k, &v));
	assert_string_equal(v, "a=b");
}
