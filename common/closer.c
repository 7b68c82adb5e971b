/* closer.c: see closer.h. */
#include "closer.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

#include "util.h"

struct deferred {
	int	 fd;
	void	(*fn)(void *);
	void	*arg;
};

static struct deferred *items;
static size_t nitems;

void
pkt_defer(int fd, void (*fn)(void *), void *arg)
{
	static int registered;

	if (!registered) {
		registered = 1;
		(void)atexit(pkt_close_deferred);
	}
	items = pkt_xreallocarray(items, nitems + 1, sizeof(*items));
	items[nitems].fd = fd;
	items[nitems].fn = fn;
	items[nitems].arg = arg;
	nitems++;
}

static void
close_fd(void *arg)
{
	(void)close((int)(intptr_t)arg);
}

void
pkt_defer_fd(int fd)
{
	if (fd >= 0)
		pkt_defer(fd, close_fd, (void *)(intptr_t)fd);
}

static int
fdcmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* In the child: every descriptor closed but keep[0..n) (sorted). */
static void
close_others(int *keep, size_t n)
{
	unsigned lo = 0;
	size_t i;

	qsort(keep, n, sizeof(*keep), fdcmp);
	for (i = 0; i < n; i++) {
		if ((unsigned)keep[i] > lo)
			(void)close_range(lo, (unsigned)keep[i] - 1, 0);
		lo = (unsigned)keep[i] + 1;
	}
	(void)close_range(lo, ~0U, 0);
}

void
pkt_close_deferred(void)
{
	int *keep, p[2] = { -1, -1 };
	size_t i, n = 0;
	pid_t pid = -1;
	char c;

	if (nitems == 0)
		return;
	keep = pkt_xcalloc(nitems + 1, sizeof(*keep));
	for (i = 0; i < nitems; i++)
		if (items[i].fd >= 0)
			keep[n++] = items[i].fd;
	if (n > 0 && pipe(p) == 0 && (pid = fork()) == 0) {
		keep[n++] = p[0];
		close_others(keep, n);
		/* EOF once the tool has dropped its references and gone. */
		while (read(p[0], &c, 1) < 0 && errno == EINTR)
			;
		_exit(0);	/* the last release of each socket */
	}
	for (i = 0; i < nitems; i++)
		items[i].fn(items[i].arg);
	if (p[0] >= 0) {
		(void)close(p[0]);
		(void)close(p[1]);	/* the child goes on alone */
	}
	free(keep);
	free(items);
	items = NULL;
	nitems = 0;
}
