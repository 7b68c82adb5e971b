/* err.h: messages on stderr, prefixed with the tool's name, err(3) wording. */
#ifndef PKT_ERR_H
#define PKT_ERR_H

#include <stddef.h>

#define PKT_NORETURN	__attribute__((noreturn))
#define PKT_PRINTF(a, b) __attribute__((format(printf, a, b)))

/* Size of the error buffers that common/ fills instead of exiting. */
#define PKT_ERRBUF	512

void	pkt_setprogname(const char *);
const char *pkt_getprogname(void);
/* Verbosity: 0 normal, <0 quiet (-q), >0 verbose (-v, -vv). */
void	pkt_setverbose(int);
int	pkt_verbose(void);

void	pkt_err(int, const char *, ...) PKT_NORETURN PKT_PRINTF(2, 3);
void	pkt_errx(int, const char *, ...) PKT_NORETURN PKT_PRINTF(2, 3);
void	pkt_warn(const char *, ...) PKT_PRINTF(1, 2);
void	pkt_warnx(const char *, ...) PKT_PRINTF(1, 2);
/* Printed only with -v (level 1) or -vv (level 2). */
void	pkt_info(int, const char *, ...) PKT_PRINTF(2, 3);
/* Fill an error buffer of PKT_ERRBUF bytes; returns -1 for "return pkt_fail(...)". */
int	pkt_fail(char *, const char *, ...) PKT_PRINTF(2, 3);

#endif
