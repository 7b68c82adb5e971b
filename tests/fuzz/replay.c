/* replay.c: run a fuzz target over files, without libFuzzer (make check
 * replays the committed corpora and crash reproducers this way).
 *
 *	replay_<target> FILE|DIR...
 *
 * Every regular file named, or found in a directory named (not
 * recursively), is read whole and given to LLVMFuzzerTestOneInput once.
 * A crash or a sanitizer report ends the run; otherwise prints
 * "N inputs" and exits 0 (1 when a file cannot be read, or none given). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int
run_file(const char *path, unsigned long *n)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf = NULL, *nb;
	size_t len = 0, cap = 0, got;

	if (fp == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	do {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			if ((nb = realloc(buf, cap)) == NULL) {
				fprintf(stderr, "replay: %s: out of memory\n", path);
				free(buf);
				fclose(fp);
				return -1;
			}
			buf = nb;
		}
		got = fread(buf + len, 1, cap - len, fp);
		len += got;
	} while (got > 0);
	if (ferror(fp)) {
		fprintf(stderr, "replay: %s: read error\n", path);
		free(buf);
		fclose(fp);
		return -1;
	}
	fclose(fp);
	/* An exact-size copy, so that ASan sees reads past the input. */
	nb = malloc(len ? len : 1);
	if (nb == NULL) {
		free(buf);
		return -1;
	}
	if (len)
		memcpy(nb, buf, len);
	free(buf);
	if (getenv("PKT_REPLAY_VERBOSE") != NULL)
		fprintf(stderr, "replay: %s\n", path);
	LLVMFuzzerTestOneInput(nb, len);
	free(nb);
	(*n)++;
	return 0;
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
run_dir(const char *dir, unsigned long *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL, **nn;
	size_t nnames = 0, i;
	int rc = 0;

	if (d == NULL) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if ((nn = realloc(names, (nnames + 1) * sizeof(*names))) == NULL)
			break;
		names = nn;
		if ((names[nnames] = malloc(strlen(dir) + strlen(de->d_name) + 2)) == NULL)
			break;
		sprintf(names[nnames++], "%s/%s", dir, de->d_name);
	}
	closedir(d);
	qsort(names, nnames, sizeof(*names), cmp);	/* the same order every run */
	for (i = 0; i < nnames; i++) {
		struct stat st;

		if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode) &&
		    run_file(names[i], n) < 0)
			rc = -1;
		free(names[i]);
	}
	free(names);
	return rc;
}

int
main(int argc, char **argv)
{
	unsigned long n = 0;
	int i, rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: replay FILE|DIR...\n");
		return 1;
	}
	for (i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) < 0) {
			fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
			rc = 1;
		} else if (S_ISDIR(st.st_mode)) {
			if (run_dir(argv[i], &n) < 0)
				rc = 1;
		} else if (run_file(argv[i], &n) < 0)
			rc = 1;
	}
	printf("%lu inputs\n", n);
	return rc;
}
