/* err.c: messages on stderr, prefixed with the tool's name. */
#include "err.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *progname = "pkt";
static int verbose;

void
pkt_setprogname(const char *name)
{
	const char *slash = strrchr(name, '/');

	progname = slash ? slash + 1 : name;
}

const char *
pkt_getprogname(void)
{
	return progname;
}

void
pkt_setverbose(int v)
{
	verbose = v;
}

int
pkt_verbose(void)
{
	return verbose;
}

static void vmsg(int, const char *, va_list) PKT_PRINTF(2, 0);

static void
vmsg(int errnum, const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "%s: ", progname);
	vfprintf(stderr, fmt, ap);
	if (errnum)
		fprintf(stderr, ": %s", strerror(errnum));
	fputc('\n', stderr);
}

void
pkt_err(int code, const char *fmt, ...)
{
	int e = errno;
	va_list ap;

	va_start(ap, fmt);
	vmsg(e, fmt, ap);
	va_end(ap);
	exit(code);
}

void
pkt_errx(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(0, fmt, ap);
	va_end(ap);
	exit(code);
}

void
pkt_warn(const char *fmt, ...)
{
	int e = errno;
	va_list ap;

	va_start(ap, fmt);
	vmsg(e, fmt, ap);
	va_end(ap);
}

void
pkt_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(0, fmt, ap);
	va_end(ap);
}

void
pkt_info(int level, const char *fmt, ...)
{
	va_list ap;

	if (verbose < level)
		return;
	va_start(ap, fmt);
	vmsg(0, fmt, ap);
	va_end(ap);
}

int
pkt_fail(char *errbuf, const char *fmt, ...)
{
	va_list ap;

	if (errbuf == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(errbuf, PKT_ERRBUF, fmt, ap);
	va_end(ap);
	return -1;
}
