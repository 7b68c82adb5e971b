/* closer.c: see closer.h. */
#include "closer.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "util.h"

struct deferred {
	void	(*fn)(void *);
	void	*arg;
};

static pthread_t *threads;
static size_t nthreads;

static void *
run(void *arg)
{
	struct deferred d = *(struct deferred *)arg;

	free(arg);
	d.fn(d.arg);
	return NULL;
}

void
pkt_defer(void (*fn)(void *), void *arg)
{
	static int registered;
	struct deferred *d = pkt_xmalloc(sizeof(*d));
	pthread_t t;

	if (!registered) {
		registered = 1;
		(void)atexit(pkt_close_deferred);
	}
	d->fn = fn;
	d->arg = arg;
	if (pthread_create(&t, NULL, run, d) != 0) {
		free(d);
		fn(arg);
		return;
	}
	threads = pkt_xreallocarray(threads, nthreads + 1, sizeof(*threads));
	threads[nthreads++] = t;
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
		pkt_defer(close_fd, (void *)(intptr_t)fd);
}

void
pkt_close_deferred(void)
{
	size_t i;

	for (i = 0; i < nthreads; i++)
		(void)pthread_join(threads[i], NULL);
	free(threads);
	threads = NULL;
	nthreads = 0;
}
