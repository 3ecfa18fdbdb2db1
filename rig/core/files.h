/* files.h - the test files named on the command line: files as given,
 * folders searched recursively for *.lua, each folder's files sorted. */
#ifndef RR_FILES_H
#define RR_FILES_H

#include <stddef.h>

struct filelist {
	char **v;
	int n, cap;
};

/* Append the files for path. RR_ERR_NODEV (with a message in err) when
 * path does not exist, RR_ERR_NOMEM. */
int files_add(struct filelist *l, const char *path, char *err, size_t errlen);
void files_free(struct filelist *l);

#endif
