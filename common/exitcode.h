/* exitcode.h: the exit codes of every pkt tool (SPEC.md section 7).
 * A number never changes meaning. */
#ifndef PKT_EXITCODE_H
#define PKT_EXITCODE_H

#define PKT_EXIT_OK		0	/* success */
#define PKT_EXIT_UNANSWERED	1	/* ran, but a probe/target went unanswered */
#define PKT_EXIT_ERROR		2	/* usage, spec, input, permission, interface */
#define PKT_EXIT_INTERRUPTED	130	/* SIGINT, after printing and cleaning up */

#endif
