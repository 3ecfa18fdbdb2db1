/* files.c - collecting test files. */
#include "files.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "err.h"
#include "sbuf.h"

static int push(struct filelist *l, const char *path)
{
	if (l->n == l->cap) {
		int cap = l->cap ? l->cap * 2 : 32;
		char **v = realloc(l->v, (size_t)cap * sizeof(*v));
		if (!v)
			return RR_ERR_NOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n] = rr_strdup(path);
	return l->v[l->n++] ? RR_OK : RR_ERR_NOMEM;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_lua(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && !strcmp(name + n - 4, ".lua") && name[0] != '.';
}

static int walk(struct filelist *l, const char *dir, int depth)
{
	DIR *d;
	struct dirent *e;
	struct stat st;
	int rc = RR_OK;

	if (depth > 32 || !(d = opendir(dir)))
		return RR_OK;
	while (rc == RR_OK && (e = readdir(d))) {
		char path[4096];
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s%s%s", dir,
			 dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			rc = walk(l, path, depth + 1);
		else if (S_ISREG(st.st_mode) && is_lua(e->d_name))
			rc = push(l, path);
	}
	closedir(d);
	return rc;
}

int files_add(struct filelist *l, const char *path, char *err, size_t errlen)
{
	struct stat st;
	int first = l->n, rc;

	if (stat(path, &st) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return RR_ERR_NODEV;
	}
	if (!S_ISDIR(st.st_mode))
		return push(l, path);
	rc = walk(l, path, 0);
	if (rc == RR_OK)
		qsort(l->v + first, (size_t)(l->n - first), sizeof(*l->v), cmp);
	return rc;
}

void files_free(struct filelist *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}
